import 'reflect-metadata';
import { runCli } from './cli';
import { exitCodeOf } from './command-outcome';
import { say } from './commands/say';

process.title = 'hvs-cli';
void runCli(process.argv.slice(2), say).then((outcome) => process.exit(exitCodeOf(outcome)));
