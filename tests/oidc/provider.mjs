// A real OpenID Connect provider for the tests: node-oidc-provider (OpenID certified) with one
// client for Verksam, three test users and a login page of its own (the "interaction").
// Usage: PORT=5xxx CLIENT_SECRET=... REDIRECT_URIS=http://a/cb,http://b/cb node tests/oidc/provider.mjs
// Prints one line {"issuer": ...} on standard output when it listens.
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;

// user name -> password and claims; groups travel in the profile scope
const USERS = {
  anna: { password: 'anna-pw', claims: { sub: 'u-anna', email: 'anna.berg@umea.example', email_verified: true, given_name: 'Anna', family_name: 'Berg', groups: ['verksam-owners'] } },
  erik: { password: 'erik-pw', claims: { sub: 'u-erik', email: 'erik@umea.example', email_verified: true, given_name: 'Erik', family_name: 'Lind', groups: ['staff'] } },
  mallory: { password: 'mallory-pw', claims: { sub: 'u-mallory', email: 'mallory@elsewhere.example', email_verified: true, given_name: 'Mallory', family_name: 'Out', groups: ['verksam-owners'] } },
};
const BY_SUB = Object.fromEntries(Object.values(USERS).map((u) => [u.claims.sub, u.claims]));

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'verksam',
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: process.env.REDIRECT_URIS.split(','),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'groups'],
  },
  cookies: { keys: ['verksam-test-cookie-key'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const claims = BY_SUB[id];
    return claims && { accountId: id, claims: async () => ({ ...claims }) };
  },
  // Verksam is this provider's own client: the user is not asked for consent
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const page = (uid, error) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Test identity provider</title></head><body><main><h1>Test identity provider</h1>
${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="username">Username</label> <input id="username" name="username" autocomplete="username">
<label for="password">Password</label> <input id="password" name="password" type="password">
<button type="submit">Sign in at the provider</button></form></main></body></html>`;

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST') {
    const form = await body(req);
    const user = USERS[form.get('username')];
    if (!user || user.password !== form.get('password')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(details.uid, 'Wrong username or password.'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.claims.sub } },
      { mergeWithLastSubmission: false });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page(details.uid));
}

const callback = provider.callback();
http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => { res.writeHead(400); res.end(String(err)); });
  } else {
    callback(req, res);
  }
}).listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
