import { packAndInstall } from './scripts/bench/packed';

(async () => {
  console.log(await packAndInstall());
})();
