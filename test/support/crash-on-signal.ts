// Loaded with `--import` into a child process under test: on SIGUSR2 it throws from the event loop,
// an uncaught exception that ends the process the way a bug would, with whatever the operations under
// way hold at that moment. Node prints the error on standard error (and, with
// `--report-uncaught-exception`, writes a diagnostic report): a crash's output, for a leak search.
process.on('SIGUSR2', () => {
  setImmediate(() => {
    throw new Error('BYOM Desk test: a crash in the middle of an operation');
  });
});
