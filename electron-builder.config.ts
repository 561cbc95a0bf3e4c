// electron-builder reads this file (`npm run dist`); the configuration itself, with why each part
// is as it is, is in tools/packaging/builder-config.ts.
import { builderConfig } from './tools/packaging/builder-config';

export default builderConfig(process.env);
