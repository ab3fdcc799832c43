import '../../common/zod-jitless.ts';
import { mountPage } from '../../pages/mount.tsx';
import { BuilderPage, builderPageOptions } from '../../pages/builder/builder-page.tsx';

const options = builderPageOptions(location.search);
mountPage(<BuilderPage {...options} />, { theme: options.theme });
