const { rmSync } = require('node:fs');
const { src, dest, task } = require('gulp');

// tsc emits only JavaScript: the node's icons and codex file must travel into dist beside it.
function copyIcons() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json', 'credentials/**/*.svg'], { base: '.', allowEmpty: true }).pipe(
		dest('dist'),
	);
}

task('build:icons', copyIcons);

// Every build starts from an empty dist, so that a deleted or renamed source file is never published.
task('clean', async () => rmSync('dist', { recursive: true, force: true }));
