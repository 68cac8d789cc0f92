// A real OpenID Connect provider (oidc-provider, from the project's node_modules) playing
// ProConnect for the sign-in tests: `node oidc_provider.mjs PORT`, the client from the
// environment:
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (comma-separated),
//   OIDC_POST_LOGOUT_REDIRECT_URIS (comma-separated, optional).
// Prints "ready" on stdout once it listens on 127.0.0.1:PORT; everything else goes to stderr.
//
// The sign-in is oidc-provider's development form (/interaction/<uid>: "login" and any
// password, then a consent page). The login typed becomes the account: its e-mail address,
// verified, with ProConnect's name claims. Two logins leave the rules of the e-mail claim
// to test: "unverified:<address>" (email_verified false) and "no-email" (no e-mail at all).

import { generateKeyPairSync, randomBytes } from "node:crypto";
import Provider from "oidc-provider";

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error("usage: node oidc_provider.mjs PORT");
  process.exit(2);
}
const list = (name) => (process.env[name] || "").split(",").filter(Boolean);

// A fresh signing key for each run: the client reads it from the JWKS endpoint.
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "tests", alg: "RS256", use: "sig" };

function claimsOf(login) {
  const claims = { sub: login, given_name: "Camille", usual_name: "Martin" };
  if (login.startsWith("unverified:")) {
    return { ...claims, email: login.slice("unverified:".length), email_verified: false };
  }
  if (login === "no-email") {
    return claims;
  }
  return { ...claims, email: login, email_verified: true };
}

const configuration = {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: list("OIDC_REDIRECT_URIS"),
      post_logout_redirect_uris: list("OIDC_POST_LOGOUT_REDIRECT_URIS"),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
      id_token_signed_response_alg: "RS256",
      // ProConnect answers the userinfo endpoint with a signed JWT, not plain JSON.
      userinfo_signed_response_alg: "RS256",
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  scopes: ["openid", "email", "given_name", "usual_name"],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    given_name: ["given_name"],
    usual_name: ["usual_name"],
  },
  features: {
    devInteractions: { enabled: true },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  // The client must send PKCE (S256): a client that stopped sending it fails the tests.
  pkce: { methods: ["S256"], required: () => true },
  async findAccount(ctx, id) {
    return { accountId: id, claims: async () => claimsOf(id) };
  },
};

const provider = new Provider(`http://127.0.0.1:${port}`, configuration);
for (const event of ["server_error", "authorization.error", "grant.error", "userinfo.error"]) {
  provider.on(event, (ctx, error) => console.error(`oidc-provider ${event}: ${error}`));
}
provider.listen(port, "127.0.0.1", () => console.log("ready"));
