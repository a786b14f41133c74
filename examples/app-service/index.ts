// An app team's program: one service on the platform (see service.ts and sdk/).
import { appService } from "./service";

export = appService;
