import { mountPage } from '../../pages/mount.tsx';
import { OptionsApp } from '../../pages/options/options-app.tsx';

mountPage(<OptionsApp />);
