/** Entry point of the `gradio-rx` command (package.json `bin`). */
import { program } from './main';

void program((code) => process.exit(code)).parseAsync(process.argv);
