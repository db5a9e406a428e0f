declare function next(options: { dev: boolean }): { prepare(): Promise<void> };
const app = next({ dev: true });
app.prepare().then(() => console.log('ready'));
