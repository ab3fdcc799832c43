import { mountPage } from '../../pages/mount.tsx';
import { PopupApp } from '../../pages/popup/popup-app.tsx';

mountPage(<PopupApp />);
