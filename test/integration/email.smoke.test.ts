import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

it('smoke', async () => {
	const run = await env.run({ parameters: { resource: 'email', operation: 'send', to: 'bob@contoso.com', subject: 'Hi', body: 'x' } });
	console.log(run.status, run.error, JSON.stringify(run.outputOf(NODE_NAME)));
	console.log(env.sandbox.requests.map((r) => [r.status, r.operation, r.schema, r.anchorMailbox, r.ntlm]));
	console.log(env.sandbox.store.mailbox('bob@contoso.com').folder('inbox').messages());
});
