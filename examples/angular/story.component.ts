/**
 * A standalone component that renders a streamed story with the async pipe: the subscription,
 * and so the server job, lives exactly as long as the view. Type-checked against real @angular/core.
 */
import { AsyncPipe } from '@angular/common';
import { Component, Input, inject, type OnChanges } from '@angular/core';
import type { Observable } from 'rxjs';
import { GradioService } from './gradio.service';

@Component({
  selector: 'app-story',
  standalone: true,
  imports: [AsyncPipe],
  template: `
    <p class="greeting">{{ greeting$ | async }}</p>
    <p class="story">{{ story$ | async }}</p>
  `,
})
export class StoryComponent implements OnChanges {
  private readonly gradio = inject(GradioService);
  @Input() topic = 'a fox';
  @Input() name = 'reader';
  greeting$: Observable<string> = this.gradio.greet(this.name);
  story$: Observable<string> = this.gradio.story(this.topic);

  ngOnChanges(): void {
    this.greeting$ = this.gradio.greet(this.name);
    this.story$ = this.gradio.story(this.topic);
  }
}
