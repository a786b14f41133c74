// The platform program: one environment per stack. See README.md and stacks/program.ts.
import { main } from "./stacks/program";

export = main;
