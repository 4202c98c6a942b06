/** A fenced ```ts block of a Markdown text: its code, and the line of its first code line. */
export interface TsBlock {
  line: number;
  code: string;
}

/** The ```ts blocks of a Markdown text, in order. */
export function tsBlocks(markdown: string): TsBlock[];

/** The `imports` of the first `<script type="importmap">` of a text, and its line; null when none. */
export function importMapOf(text: string): { imports: Record<string, string>; line: number } | null;
