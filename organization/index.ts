// The organization program: one stack (organization), deployed first. See docs/organization.md.
import { main } from "./program";

export = main;
