// The post step of devin-keys-action: dist/index.js runs as the post step when started from here.
import './index.js';
