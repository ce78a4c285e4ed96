#!/usr/bin/env node
import { main } from './main.js';
import { ignoreClosedPipes } from './terminal.js';

ignoreClosedPipes(process.stdout, process.stderr);
void main(process.argv).then((code) => {
  process.exitCode = code;
});
