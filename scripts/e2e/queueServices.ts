import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir, userInfo } from 'os';
import * as path from 'path';
import { freePort } from './freePort';
import { run, Service } from './process';

/**
 * What n8n's queue mode needs beside n8n: Redis (the queue) and PostgreSQL (the database main and workers
 * share; n8n advises against SQLite there). Debian's packages, each in its own fresh data folder, on a free
 * loopback port, stopped and removed with the suite.
 */

export interface QueueServices {
	redisPort: number;
	postgresPort: number;
	/** The environment every n8n process of the queue needs. */
	n8nEnv: NodeJS.ProcessEnv;
	/** Runs an SQL query in n8n's database; rows as arrays of column texts. */
	query(sql: string): Promise<string[][]>;
	stop(): Promise<void>;
}

const POSTGRES_USER = 'postgres';

export async function startQueueServices(log: (line: string) => void): Promise<QueueServices> {
	const folder = mkdtempSync(path.join(tmpdir(), 'n8n-queue-'));
	const started: Service[] = [];
	const stop = async () => {
		for (const service of started.reverse()) await service.stop();
		rmSync(folder, { recursive: true, force: true });
	};
	try {
		const redisPort = await freePort();
		log(`Starting Redis on 127.0.0.1:${redisPort}`);
		const redis = Service.start('redis', 'redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder], {});
		started.push(redis);
		await redis.waitUntil(() => redis.log.includes('Ready to accept connections'), 30_000);

		const postgresPort = await freePort();
		const bin = postgresBinDir();
		const dataDir = path.join(folder, 'postgres');
		log(`Starting PostgreSQL (${bin}) on 127.0.0.1:${postgresPort}`);
		const asPostgres = await postgresRunner(folder);
		await run(...asPostgres(path.join(bin, 'initdb'), ['-D', dataDir, '-U', POSTGRES_USER, '-A', 'trust', '--no-sync']));
		const [command, args] = asPostgres(path.join(bin, 'postgres'), [
			'-D', dataDir, '-p', String(postgresPort), '-k', folder, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
		]);
		const postgres = Service.start('postgres', command, args, {});
		started.push(postgres);
		await postgres.waitUntil(() => postgres.log.includes('database system is ready to accept connections'), 60_000);

		const query = async (sql: string) => {
			const result = await run('psql', ['-h', '127.0.0.1', '-p', String(postgresPort), '-U', POSTGRES_USER, '-d', 'postgres', '-At', '-F', '\t', '-c', sql]);
			return result.stdout.split('\n').filter((line) => line).map((line) => line.split('\t'));
		};
		return {
			redisPort,
			postgresPort,
			n8nEnv: {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redisPort),
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(postgresPort),
				DB_POSTGRESDB_DATABASE: 'postgres',
				DB_POSTGRESDB_USER: POSTGRES_USER,
				DB_POSTGRESDB_PASSWORD: '',
				// Queue mode's binary data mode: attachments go through PostgreSQL between main and workers.
				N8N_DEFAULT_BINARY_DATA_MODE: 'database',
				// Which process ran an execution is read from each process's log ("Worker started execution N").
				N8N_LOG_LEVEL: 'info',
			},
			query,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Debian keeps PostgreSQL's programs under /usr/lib/postgresql/<major>/bin; the newest wins. */
function postgresBinDir(): string {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
	if (!majors.length) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
	return path.join(root, majors[0], 'bin');
}

/** PostgreSQL refuses to run as root: as root, its programs run as the postgres user, who then owns the folder. */
async function postgresRunner(folder: string): Promise<(command: string, args: string[]) => [string, string[]]> {
	if (userInfo().uid !== 0) return (command, args) => [command, args];
	const uid = Number((await run('id', ['-u', POSTGRES_USER])).stdout.trim());
	const gid = Number((await run('id', ['-g', POSTGRES_USER])).stdout.trim());
	chownSync(folder, uid, gid);
	return (command, args) => ['runuser', ['-u', POSTGRES_USER, '--', command, ...args]];
}
