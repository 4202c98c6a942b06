/**
 * An Angular service over gradio-rx: injectable, exposes Observables, shares one connection.
 * Type-checked against real @angular/core in CI (`npm run typecheck:angular`).
 */
import { Injectable, InjectionToken, inject } from '@angular/core';
import { map, shareReplay, switchMap, type Observable } from 'rxjs';
import {
  onlyData,
  progress,
  sharedClient$,
  type GradioClient,
  type JobProgress,
} from '../../lib/index';

/** Where the Gradio app lives; provide it in your app config. */
export const GRADIO_APP_URL = new InjectionToken<string>('GRADIO_APP_URL');

/** A streamed story: the text so far and the job's progress. */
export interface StoryUpdate {
  text: string;
  progress: JobProgress | null;
}

@Injectable({ providedIn: 'root' })
export class GradioService {
  private readonly url = inject(GRADIO_APP_URL);
  private readonly client$: Observable<GradioClient> = sharedClient$(this.url);

  /** One greeting. Unsubscribing (e.g. the async pipe when the view is destroyed) cancels it. */
  greet(name: string): Observable<string> {
    return this.client$.pipe(
      switchMap((client) => client.predict$<[string]>('/greet', { name })),
      map(([greeting]) => greeting),
    );
  }

  /** A story that streams word by word; the job is cancelled on the server when nobody listens. */
  story(topic: string): Observable<string> {
    return this.client$.pipe(
      switchMap((client) => client.submit$<[string]>('/write_story', { topic })),
      onlyData(),
      map(([text]) => text),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
  }

  /** The story job's progress (0..1), from `gr.Progress`. */
  storyProgress(topic: string): Observable<number> {
    return this.client$.pipe(
      switchMap((client) => client.submit$<[string]>('/write_story', { topic })),
      progress(),
      map((p) => p.fraction ?? 0),
    );
  }
}
