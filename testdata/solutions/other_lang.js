const tokens = { alice: { token: "abc123", expiry: 100 } };
const currentTime = 120;
if (tokens.alice.expiry < currentTime) {
  tokens.alice = { token: "newtoken123", expiry: currentTime + 100 };
}
console.log("Refreshed token for alice: " + tokens.alice.token);
