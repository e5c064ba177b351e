// `npm start`: the walkthrough. Until the server and client exist, this says so honestly.
console.log('quic-accept-path-course: the QUIC server and client are being built; `npm test` runs what exists.');
