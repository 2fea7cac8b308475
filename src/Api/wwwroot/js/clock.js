// "Now" by the server's clock, not this browser's: the server runs the clinic on its own clock (a
// manual one in tests and demos, where it may be weeks from the real date), and a computer's clock
// can simply be wrong. Every API response says the server's time (the Recall-Now header); between
// responses the page's now moves on with this browser's clock, from there.

let offset = 0; // the server's clock minus this browser's, in milliseconds

/** Learns the server's time from an API response (api.js passes each one here). */
export function learnServerTime(response) {
  const at = Date.parse(response.headers.get('Recall-Now') ?? '');
  if (!Number.isNaN(at)) offset = at - Date.now();
}

/** Now, as the server has it: judge snoozes, due times and the like by this. */
export function serverNow() {
  return new Date(Date.now() + offset);
}
