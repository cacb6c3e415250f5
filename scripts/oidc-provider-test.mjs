#!/usr/bin/env node
// The OpenID Connect provider of the single sign-on tests: oidc-provider 9.13.3 (package.json), a certified
// implementation of OpenID Connect, on a loopback port with one confidential client and its built-in
// development login form (devInteractions: any password is accepted; the login names the account).
// Accounts come from a JSON file, read at every sign-in so a test can add accounts while the provider runs:
//   [{"sub": "alice", "email": "alice@example.test", "email_verified": true, "name": "Alice"}, ...]
// The consent prompt is skipped (loadExistingGrant grants the client what it asks), as a company's own
// provider does for its first-party applications.
// Usage: node scripts/oidc-provider-test.mjs <address> <port> <redirect-uri> <client-id> <client-secret> <accounts.json>
// Prints "oidc-provider listening on <issuer>" when it accepts requests; SIGTERM/SIGINT stop it.
import fs from 'node:fs';
import Provider from 'oidc-provider';

const [address, port, redirectUri, clientId, clientSecret, accountsFile] = process.argv.slice(2);
if (!accountsFile) {
  console.error('usage: oidc-provider-test.mjs <address> <port> <redirect-uri> <client-id> <client-secret> <accounts.json>');
  process.exit(2);
}
const issuer = `http://${address}:${port}`;
const readAccounts = () => JSON.parse(fs.readFileSync(accountsFile, 'utf8'));

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    // ASP.NET Core's OpenID Connect handler sends the secret in the token request's body.
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['crashdesk-test-only-cookie-key'] },
  async findAccount(ctx, id) {
    const account = readAccounts().find(a => a.sub === id);
    if (!account) return undefined;
    return {
      accountId: account.sub,
      async claims() {
        return { sub: account.sub, email: account.email, email_verified: account.email_verified === true, name: account.name };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const server = provider.listen(Number(port), address, () => console.log(`oidc-provider listening on ${issuer}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
