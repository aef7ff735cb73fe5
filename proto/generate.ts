// `npm run proto:gen`: regenerates proto/gen/ from the protos (see generate-types.ts).

import path from 'node:path';
import { GENERATED_TYPES_DIR, REPOSITORY_DIR, generateTypes } from './generate-types.ts';

generateTypes();
console.log(`generated ${path.relative(REPOSITORY_DIR, GENERATED_TYPES_DIR)}/`);
