import { mkdirSync } from 'fs';
import * as path from 'path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { Demo, startDemo } from '../../scripts/e2e/demoEnvironment';
import { freePort } from '../../scripts/e2e/freePort';
import { REPO_ROOT } from '../../scripts/e2e/packageTarball';
import { TARBALL_ENV } from '../e2e/helpers/tarball';

/**
 * The editor check: Debian's headless Chromium opens the demo n8n (the package installed as a community
 * package), finds the node in the node creator, adds both operations to a canvas, opens their parameters and
 * the credential dialog, and saves a screenshot of each step in test-output/editor/.
 */

const SCREENSHOTS = path.join(REPO_ROOT, 'test-output', 'editor');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const NODE_NAME = 'Microsoft Exchange (EWS)';
const ICON_PATH = '/icons/n8n-nodes-exchange-ews/dist/nodes/Exchange/exchange.svg';
/** A first install of n8n takes minutes; later starts about a minute. */
const SETUP_TIMEOUT_MS = 30 * 60_000;

let demo: Demo | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	demo = await startDemo({
		tarball: process.env[TARBALL_ENV],
		n8nPort: await freePort(),
		sandboxHttpPort: 0,
		sandboxHttpsPort: 0,
		log: (line) => process.stderr.write(`[demo] ${line}\n`),
	});
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	page.setDefaultTimeout(30_000);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await browser?.close();
	await demo?.stop();
});

const byTestId = (id: string) => page.locator(`[data-test-id="${id}"]`);

async function screenshot(name: string): Promise<void> {
	// Panels slide in: finish CSS transitions so the picture shows where they end.
	await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
}

/** The node's icon is our SVG, served by n8n from the installed package, and it loaded. */
async function expectExchangeIcon(scope: Locator): Promise<void> {
	const icon = scope.locator(`img[src$="${ICON_PATH}"]`).first();
	await icon.waitFor({ state: 'visible' });
	// No DOM types here (tsconfig lib es2022): the image element is read as what it is at run time.
	const naturalWidth = await icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
	expect(naturalWidth).toBeGreaterThan(0);
}

/** Opens the node creator, finds the node by name and picks one of its actions. */
async function addAction(opener: Locator, action: string): Promise<void> {
	await opener.click();
	await byTestId('node-creator-search-bar').fill('Exchange');
	const item = byTestId('item-iterator-item').filter({ has: page.getByText(NODE_NAME, { exact: true }) });
	await expectExchangeIcon(item);
	await item.click();
	await byTestId('node-creator-item-name').getByText(action, { exact: true }).click();
	await byTestId('ndv').waitFor({ state: 'visible' });
}

async function closeNodeDetails(): Promise<void> {
	await byTestId('ndv-close-button').click();
	await byTestId('ndv').waitFor({ state: 'hidden' });
}

describe('the node in the n8n editor (demo n8n, community install)', () => {
	test('signs in with the demo owner account', async () => {
		const owner = demo?.owner;
		if (!demo || !owner) throw new Error('The demo did not start');
		await page.goto(`${demo.n8nUrl}/signin`);
		await page.locator('#emailOrLdapLoginId').fill(owner.email);
		await page.locator('#password').fill(owner.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await byTestId('workflow-card-name').getByText('Exchange example: send an email with an attachment').waitFor();
		await screenshot('1-workflows');
	});

	test('finds the node with its icon in the node creator and lists both operations', async () => {
		await page.goto(`${demo?.n8nUrl}/workflow/new`);
		await byTestId('canvas-add-button').click();
		await byTestId('node-creator-search-bar').fill('Exchange');
		const item = byTestId('item-iterator-item').filter({ has: page.getByText(NODE_NAME, { exact: true }) });
		await expectExchangeIcon(item);
		await screenshot('2-node-creator');
		await item.click();
		await byTestId('node-creator-item-name').getByText('Send an email', { exact: true }).waitFor();
		await byTestId('node-creator-item-name').getByText('Create an appointment', { exact: true }).waitFor();
		await screenshot('3-node-actions');
		await page.keyboard.press('Escape');
	});

	test('Email → Send: adds the node to the canvas and shows its parameters', async () => {
		await addAction(byTestId('canvas-add-button'), 'Send an email');
		const details = byTestId('ndv');
		for (const parameter of ['resource', 'operation', 'mailbox', 'to', 'subject', 'bodyType', 'body']) {
			await byTestId(`parameter-input-${parameter}`).waitFor({ state: 'visible' });
		}
		await expect(byTestId('parameter-input-operation').locator('input').inputValue()).resolves.toBe('Send');
		await expectExchangeIcon(details);
		await screenshot('4-email-send');
	});

	test('opens the credential dialog from the node, where n8n\'s credential test passes against the sandbox', async () => {
		await byTestId('node-credentials-select').click();
		await page.getByRole('option').filter({ hasText: 'Exchange sandbox (NTLM, impersonation)' }).click();
		await byTestId('credential-edit-button').click();
		// The dialog's header and close button sit in the modal around its content.
		const dialog = page.getByRole('dialog').filter({ has: byTestId('credential-edit-dialog') });
		await dialog.getByText('Microsoft Exchange (EWS) On-Premises API').waitFor();
		for (const field of ['EWS URL', 'Username', 'Password', 'Impersonation']) {
			// Labels of required fields end in an asterisk.
			await dialog.getByText(new RegExp(`^${field}\\b`)).first().waitFor();
		}
		// n8n runs the credential's test on opening: a real NTLM sign-in with channel binding, as impersonation.
		await dialog.getByText('Connection tested successfully').waitFor();
		await expectExchangeIcon(dialog);
		await screenshot('5-credential');
		await dialog.getByRole('button', { name: 'Close this dialog' }).click();
		await dialog.waitFor({ state: 'hidden' });
		await closeNodeDetails();
	});

	test('Appointment → Create: adds a second node and shows its parameters', async () => {
		await addAction(byTestId('node-creator-plus-button'), 'Create an appointment');
		for (const parameter of ['mailbox', 'subject', 'start', 'duration', 'location']) {
			await byTestId(`parameter-input-${parameter}`).waitFor({ state: 'visible' });
		}
		await expect(byTestId('parameter-input-operation').locator('input').inputValue()).resolves.toBe('Create');
		await screenshot('6-appointment-create');
		await closeNodeDetails();
	});

	test('shows both nodes on the canvas with the node\'s icon', async () => {
		const nodes = byTestId('canvas-node').filter({ has: page.locator(`img[src$="${ICON_PATH}"]`) });
		await expect(nodes.count()).resolves.toBe(2);
		await expectExchangeIcon(byTestId('canvas'));
		await byTestId('zoom-to-fit').click();
		await screenshot('7-canvas');
	});
});
