import { expect, test } from '@playwright/test';
import { routeXtrakit } from 'xtrakit-contract-kit/playwright';

test('the page shows the customers XtraKit answers, and its error state', async ({ page }) => {
  // The app under test (here a stand-in page); in a real project, the dev server's URL.
  await page.route('http://app.test/', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<script>
        fetch('https://api.xtrakit.com/api/v1/customers', { headers: { authorization: 'Bearer 92857043717beff382ae75c8dc7514162f04' } })
          .then(async (r) => { document.body.textContent = r.status + ' ' + (await r.json()).message; });
      </script>`,
    }),
  );
  const xtrakit = await routeXtrakit(page);
  await page.goto('http://app.test/');
  await expect(page.locator('body')).toContainText('200 ');

  xtrakit.force('listCustomers', { status: 500, once: true });
  await page.reload();
  await expect(page.locator('body')).toContainText('500 ');
});
