// Proves the script arrived and ran, and that the image decoded.
const logo = document.getElementById('logo');
const done = () => {
  document.getElementById('status').textContent = `script ran; logo ${logo.naturalWidth}x${logo.naturalHeight}`;
};
if (logo.complete) done();
else logo.addEventListener('load', done);
