import '../../common/zod-jitless.ts';
import { mountPage } from '../../pages/mount.tsx';
import { OptionsApp } from '../../pages/options/options-app.tsx';

mountPage(<OptionsApp />);
