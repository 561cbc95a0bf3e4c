// No line of code over 140 characters (the formatter wraps code, never strings or comments).
// Lists each long line as file:line and exits 1 when there is any.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX = 140;
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx', '*.mjs', '*.js'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f !== '' && !f.startsWith('bench/'));
let long = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed by git but deleted in the work tree
  }
  text.split('\n').forEach((line, i) => {
    if (line.length > MAX) {
      long += 1;
      console.log(`${file}:${i + 1}: ${line.length} characters`);
    }
  });
}
if (long > 0) {
  console.log(`${long} line(s) over ${MAX} characters: wrap them (split a long string or comment).`);
  process.exit(1);
}
