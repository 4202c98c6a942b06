// What the browser test page imports: the library plus the rxjs helpers the page uses, bundled
// into one ES module (rxjs included) as a browser app would ship it.
export * from '../../lib/index';
export { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
