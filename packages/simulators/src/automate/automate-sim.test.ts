import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startAutomateSim, type AutomateSim } from './automate-sim.js';
import { createSampleAutomateFleet, QUOTED_CLIENT_NAME } from './sample-fleet.js';
import { totpCode } from './totp.js';

const BASE = '/cwa/api/v1';
let offset = 0;
const now = (): number => Date.now() + offset;
const fleet = createSampleAutomateFleet({ clients: 5, agentsPerClient: 12 });
let sim: AutomateSim;
let token: string;

async function call(method: string, path: string, options: { body?: unknown; raw?: string; headers?: Record<string, string>; bearer?: string | false } = {}) {
  const headers: Record<string, string> = { ClientId: sim.clientId, Accept: 'application/json', ...options.headers };
  const bearer = options.bearer === undefined ? token : options.bearer;
  if (bearer) headers['Authorization'] = `Bearer ${bearer}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${sim.url}${BASE}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}
const get = async <T = Record<string, unknown>[]>(path: string): Promise<T> => {
  const res = await call('GET', path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as T;
};
async function login(): Promise<string> {
  offset += 30_000; // a fresh TOTP step: the server refuses a code twice
  const res = await call('POST', '/apitoken', { bearer: false, body: { Username: sim.username, Password: sim.password, TwoFactorPasscode: totpCode(sim.totpSecret, now()) } });
  expect(res.status).toBe(200);
  return (res.body as { AccessToken: string }).AccessToken;
}

beforeAll(async () => {
  sim = await startAutomateSim({ fleet, now, commandPendingMs: 1000, commandExecutingMs: 1000 });
  token = await login();
});
afterAll(() => sim.close());

describe('POST apitoken', () => {
  const creds = (): Record<string, string> => ({ username: sim.username, password: sim.password });

  it('requires the ClientId header', async () => {
    const res = await call('POST', '/apitoken', { bearer: false, body: creds(), headers: { ClientId: '' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ Message: expect.stringMatching(/ClientId/) });
  });

  it('refuses a wrong password with 401 and a Message', async () => {
    const res = await call('POST', '/apitoken', { bearer: false, body: { ...creds(), password: 'nope' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ Message: expect.any(String) });
  });

  it('answers 200 IsTwoFactorRequired without a token when the passcode is missing, then issues one with it', async () => {
    const first = await call('POST', '/apitoken', { bearer: false, body: creds() });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ IsTwoFactorRequired: true, AccessToken: null });
    offset += 30_000;
    const code = totpCode(sim.totpSecret, now());
    const second = await call('POST', '/apitoken', { bearer: false, body: { ...creds(), TwoFactorPasscode: ` ${code.slice(0, 3)} ${code.slice(3)} ` } });
    expect(second.status).toBe(200);
    const result = second.body as Record<string, unknown>;
    expect(result).toMatchObject({ TokenType: 'Bearer', IsTwoFactorRequired: false, UserId: '42' });
    expect(result['AccessToken']).toEqual(expect.any(String));
    // No zone, as observed on real servers; an hour ahead by default.
    expect(result['ExpirationDate']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(Date.parse(`${result['ExpirationDate'] as string}Z`) - now()).toBeGreaterThan(3500_000);
    // The same code again is a replay.
    const replay = await call('POST', '/apitoken', { bearer: false, body: { ...creds(), TwoFactorPasscode: code } });
    expect(replay.status).toBe(401);
  });

  it('refuses a wrong code, and a right code while rejectTotp is armed', async () => {
    offset += 30_000;
    const wrong = await call('POST', '/apitoken', { bearer: false, body: { ...creds(), TwoFactorPasscode: '000000' } });
    expect(wrong.status).toBe(401);
    sim.control.rejectTotp(1);
    const rejected = await call('POST', '/apitoken', { bearer: false, body: { ...creds(), TwoFactorPasscode: totpCode(sim.totpSecret, now()) } });
    expect(rejected.status).toBe(401);
  });

  it('takes a form-encoded body too', async () => {
    offset += 30_000;
    const form = new URLSearchParams({ UserName: sim.username, Password: sim.password, TwoFactorPasscode: totpCode(sim.totpSecret, now()) }).toString();
    const res = await call('POST', '/apitoken', { bearer: false, raw: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
  });
});

describe('POST apitoken/refresh', () => {
  it('takes the token as a JSON string and rotates it', async () => {
    const old = await login();
    const res = await call('POST', '/apitoken/refresh', { bearer: false, raw: JSON.stringify(old), headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(200);
    const fresh = (res.body as { AccessToken: string }).AccessToken;
    expect(fresh).not.toBe(old);
    expect((await call('GET', '/clients', { bearer: old })).status).toBe(401);
    expect((await call('GET', '/clients', { bearer: fresh })).status).toBe(200);
  });

  it('refuses an expired token and every token after a restart', async () => {
    const a = await login();
    sim.control.expireTokens();
    expect((await call('GET', '/clients', { bearer: a })).status).toBe(401);
    expect((await call('POST', '/apitoken/refresh', { bearer: false, body: a })).status).toBe(401);
    const b = await login();
    sim.control.restart();
    expect((await call('GET', '/clients', { bearer: b })).status).toBe(401);
    expect((await call('POST', '/apitoken/refresh', { bearer: false, body: b })).status).toBe(401);
    token = await login();
  });

  it('expires tokens after a given number of requests (mid-run)', async () => {
    sim.control.expireTokens({ afterRequests: 2 });
    expect((await call('GET', '/clients')).status).toBe(200);
    expect((await call('GET', '/clients')).status).toBe(200);
    expect((await call('GET', '/clients')).status).toBe(401);
    token = await login();
  });
});

describe('authorisation of data routes', () => {
  it('needs a bearer token and the ClientId', async () => {
    expect(await call('GET', '/computers', { bearer: false })).toMatchObject({ status: 401, body: { Message: 'Authorization has been denied for this request.' } });
    expect((await call('GET', '/computers', { headers: { ClientId: '' } })).status).toBe(401);
    sim.control.acceptClientId(false);
    expect(await call('GET', '/computers')).toMatchObject({ status: 401, body: { Message: expect.stringMatching(/ClientId/) } });
    sim.control.acceptClientId(true);
  });

  it('sends a Date header on the server clock', async () => {
    const res = await call('GET', '/PatchInformation');
    expect(Math.abs(Date.parse(res.headers.get('date') ?? '') - now())).toBeLessThan(2000);
    expect(res.body).toMatchObject({ WebServerPatchVersion: expect.any(String) });
  });
});

describe('GET clients and locations', () => {
  it('are bare arrays with paging, out-of-range pages empty', async () => {
    const all = await get('/clients?pageSize=100');
    expect(all).toHaveLength(5);
    expect(all[0]).toMatchObject({ Id: 1, Name: 'Acme', Company: 'Acme Corporation', ExternalId: '5001' });
    expect(all[1]).toMatchObject({ Name: QUOTED_CLIENT_NAME, Company: '', ExternalId: '0' });
    expect(await get('/clients?page=2&pageSize=3')).toHaveLength(2);
    expect(await get('/clients?page=3&pageSize=3')).toEqual([]);
    expect(await get('/clients?page=99')).toEqual([]);
  });

  it('filter, order, pick ids and project fields', async () => {
    expect((await get(`/clients?condition=${encodeURIComponent("Name like '%brien%'")}`)).map((c) => c['Id'])).toEqual([2]);
    expect((await get(`/clients?condition=${encodeURIComponent(`Name = 'O''Brien & Sons "Plumbing"'`)}`)).map((c) => c['Id'])).toEqual([2]);
    expect((await get('/clients?orderby=Name%20desc')).map((c) => c['Name'])[0]).toBe(QUOTED_CLIENT_NAME);
    expect((await get('/clients?ids=4,2')).map((c) => c['Id'])).toEqual([2, 4]);
    expect(await get('/clients?ids=1&includefields=name')).toEqual([{ Id: 1, Name: 'Acme' }]);
    expect(await get('/clients?options.ids=1&options.includedFields=Company')).toEqual([{ Id: 1, Company: 'Acme Corporation' }]);
  });

  it('answers 400 for a bad condition, a bad page size or an unknown field', async () => {
    expect(await call('GET', `/clients?condition=${encodeURIComponent("Name = 'x")}`)).toMatchObject({ status: 400, body: { Message: expect.any(String) } });
    expect((await call('GET', '/clients?pageSize=abc')).status).toBe(400);
    expect((await call('GET', '/clients?condition=Nope%20=%201')).status).toBe(400);
  });

  it('locations carry their client', async () => {
    const locations = await get(`/locations?condition=${encodeURIComponent('Client.Id = 2')}`);
    expect(locations).toEqual([
      expect.objectContaining({ Id: 21, LocationId: 21, Name: 'Main Office', Client: { Id: 2, Name: QUOTED_CLIENT_NAME } }),
      expect.objectContaining({ Id: 22, Name: 'Branch' }),
    ]);
  });
});

describe('GET computers and computers/Chassis', () => {
  it('page through the whole list without gaps or repeats, ending on an empty page', async () => {
    const seen: number[] = [];
    for (let page = 1; ; page++) {
      const rows = await get(`/computers?page=${page}&pageSize=7&orderby=Id%20asc`);
      if (rows.length === 0) break;
      seen.push(...rows.map((r) => r['Id'] as number));
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('an exact multiple of the page size leaves an empty last page; default page size is 50', async () => {
    expect(await get('/computers?page=3&pageSize=30')).toEqual([]);
    expect(await get('/computers')).toHaveLength(50);
    expect(await get('/computers?pageSize=-1')).toHaveLength(60);
  });

  it('filter by client and location, with the computer shape of SPEC25', async () => {
    const rows = await get(`/computers?condition=${encodeURIComponent('Client.Id = 2 and Location.Id = 22')}&pageSize=100`);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({
      Id: expect.any(Number),
      ComputerName: expect.any(String),
      Client: { Id: 2, Name: QUOTED_CLIENT_NAME },
      Location: { Id: 22, Name: 'Branch' },
      Status: expect.stringMatching(/^(Online|Offline)$/),
      RemoteAgentLastContact: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
    });
    const quoted = await get(`/computers?condition=${encodeURIComponent(`Client.Name = "O'Brien & Sons \\"Plumbing\\""`)}&pageSize=100`);
    expect(quoted).toHaveLength(12);
  });

  it('order by another field, descending', async () => {
    const names = (await get('/computers?orderby=ComputerName%20desc&pageSize=5&includefields=ComputerName')).map((r) => r['ComputerName'] as string);
    expect(names).toEqual([...names].sort().reverse());
    const ids = (await get('/computers?orderby=Id%20desc&pageSize=3')).map((r) => r['Id']);
    expect(ids).toEqual([1000 + 59 * 3, 1000 + 58 * 3, 1000 + 57 * 3]);
  });

  it('chassis rows carry the identity; agents without inventory have none', async () => {
    const ids = [1000, 1000 + 5 * 3, 1000 + 4 * 3];
    const rows = await get(`/computers/Chassis?condition=${encodeURIComponent(`ComputerId in (${ids.join(',')})`)}`);
    expect(rows.map((r) => r['ComputerId'])).toEqual([1000, 1012]); // index 5 sent no inventory
    expect(rows[0]).toMatchObject({ Manufacturer: 'Dell Inc.', ProductName: 'OptiPlex 7090', UUID: expect.stringMatching(/^[0-9A-F-]{36}$/) });
    expect(rows[1]).toMatchObject({ SerialNumber: 'To Be Filled By O.E.M.' });
  });

  it('clamps page sizes above the server maximum when configured', async () => {
    const small = await startAutomateSim({ fleet, mfa: 'none', maxPageSize: 10, idFormat: 'string', dateFormat: 'utc' });
    try {
      const res = await fetch(`${small.url}${BASE}/apitoken`, {
        method: 'POST',
        headers: { ClientId: small.clientId, 'Content-Type': 'application/json' },
        body: JSON.stringify({ Username: small.username, Password: small.password }),
      });
      const { AccessToken, ExpirationDate } = (await res.json()) as { AccessToken: string; ExpirationDate: string };
      expect(ExpirationDate).toMatch(/Z$/);
      const rows = (await (await fetch(`${small.url}${BASE}/computers?pageSize=1000`, { headers: { ClientId: small.clientId, Authorization: `Bearer ${AccessToken}` } })).json()) as Array<{ Id: unknown }>;
      expect(rows).toHaveLength(10);
      expect(typeof rows[0]?.Id).toBe('string');
    } finally {
      await small.close();
    }
  });
});

describe('CommandExecute', () => {
  const identity = `Get-CimInstance Win32_ComputerSystemProduct | Select-Object UUID,IdentifyingNumber,Vendor,Name | ConvertTo-Json -Compress`;
  const encoded = Buffer.from(identity, 'utf16le').toString('base64');

  it('goes Pending → Executing → Success and returns the machine’s true identity', async () => {
    const computerId = 1000 + 4 * 3; // reports a placeholder serial; the truth is a real one
    const created = await call('POST', `/computers/${computerId}/CommandExecute`, {
      body: { ComputerId: String(computerId), Command: { Id: '2' }, Parameters: [`powershell.exe!!! -NonInteractive -EncodedCommand ${encoded}`] },
    });
    expect(created.status).toBe(200);
    const row = created.body as { Id: number; Status: string };
    expect(row.Status).toBe('Pending');
    offset += 1000;
    expect((await get<{ Status: string }>(`/computers/${computerId}/CommandExecute/${row.Id}`)).Status).toBe('Executing');
    offset += 1000;
    const done = await get<{ Status: string; Output: string }>(`/computers/${computerId}/CommandExecute/${row.Id}`);
    expect(done.Status).toBe('Success');
    const truth = fleet.truth.machine(fleet.truth.machineOfAgent('automate', computerId) as string)?.identity;
    expect(JSON.parse(done.Output)).toEqual({ UUID: truth?.smbiosUuid, IdentifyingNumber: truth?.serialNumber, Vendor: truth?.manufacturer, Name: truth?.model });
    expect(truth?.serialNumber).not.toBe('To Be Filled By O.E.M.');
    expect(await get(`/computers/${computerId}/CommandExecute?ids=${row.Id}`)).toHaveLength(1);
  });

  it('runs cmd, fails on a non-zero exit, stays Pending on an offline agent', async () => {
    const run = async (computerId: number, parameter: string): Promise<{ Status: string; Output: string }> => {
      const { Id } = (await call('POST', `/computers/${computerId}/CommandExecute`, { body: { Command: { Id: 2 }, Parameters: [parameter] } })).body as { Id: number };
      offset += 2000;
      return get(`/computers/${computerId}/CommandExecute/${Id}`);
    };
    const hostname = fleet.automate.agent(0).hostname;
    expect(await run(1000, 'cmd.exe!!! /c hostname & echo done')).toEqual(expect.objectContaining({ Status: 'Success', Output: `${hostname}\ndone` }));
    expect((await run(1000, 'cmd.exe!!! /c echo x & exit /b 3')).Status).toBe('Failed');
    sim.control.failCommands(1);
    expect(await run(1000, 'cmd.exe!!! /c echo fine')).toEqual(expect.objectContaining({ Status: 'Failed', Output: 'ERR' }));
    expect((await run(1000 + 3 * 3, 'cmd.exe!!! /c echo x')).Status).toBe('Pending'); // index 3 is offline
  });

  it('keeps every command Pending while held, and runs it once released', async () => {
    const { Id } = (await call('POST', `/computers/1000/CommandExecute`, { body: { Command: { Id: 2 }, Parameters: ['cmd.exe!!! /c echo held'] } })).body as { Id: number };
    sim.control.holdCommands(true);
    offset += 5000;
    expect((await get<{ Status: string }>(`/computers/1000/CommandExecute/${Id}`)).Status).toBe('Pending');
    sim.control.holdCommands(false);
    expect(await get(`/computers/1000/CommandExecute/${Id}`)).toEqual(expect.objectContaining({ Status: 'Success', Output: 'held' }));
  });
});

describe('PATCH and DELETE computers', () => {
  it('moves a computer to another location, and its client follows', async () => {
    const id = 1000 + 1 * 3;
    const res = await call('PATCH', `/computers/${id}`, { body: [{ op: 'replace', path: '/Location/Id', value: 32 }] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ Id: id, Client: { Id: 3 }, Location: { Id: 32 } });
    const inClient3 = await get(`/computers?condition=${encodeURIComponent('Client.Id = 3')}&pageSize=100`);
    expect(inClient3.map((r) => r['Id'])).toContain(id);
    expect((await get(`/computers?condition=${encodeURIComponent('Client.Id = 1')}&pageSize=100`)).map((r) => r['Id'])).not.toContain(id);
    expect((await call('PATCH', `/computers/${id}`, { body: [{ Op: 'replace', Path: 'Location', Value: { Id: 11 } }] })).status).toBe(200);
    expect((await call('PATCH', `/computers/${id}`, { body: [{ op: 'replace', path: '/LocationId', value: 999 }] })).status).toBe(400);
    expect((await call('PATCH', `/computers/${id}`, { body: [] })).status).toBe(200);
  });

  it('retires a computer with 204; it leaves the lists and shows in RetiredAssets', async () => {
    const id = 1000 + 2 * 3;
    expect((await call('DELETE', `/computers/${id}`)).status).toBe(204);
    expect((await call('GET', `/computers/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/computers/${id}`)).status).toBe(404);
    expect((await get('/computers?pageSize=100')).map((r) => r['Id'])).not.toContain(id);
    expect(await get('/RetiredAssets')).toEqual([expect.objectContaining({ ComputerId: id, ComputerName: fleet.automate.agent(2).hostname })]);
  });

  it('deletes outright, leaving no RetiredAssets row, in hard-delete mode', async () => {
    const [shared, sharedToken] = [sim, token];
    sim = await startAutomateSim({ fleet, now, deleteMode: 'hard-delete' });
    try {
      token = await login();
      const id = 1000 + 2 * 3;
      expect((await call('DELETE', `/computers/${id}`)).status).toBe(204);
      expect((await call('GET', `/computers/${id}`)).status).toBe(404);
      expect(await get('/RetiredAssets')).toEqual([]);
    } finally {
      await sim.close();
      [sim, token] = [shared, sharedToken];
    }
  });

  it('checks Computers.Edit / Computers.Delete before existence', async () => {
    sim.control.setPermissions({ computersEdit: false, computersDelete: false });
    expect((await call('PATCH', '/computers/0', { body: [] })).status).toBe(403);
    expect((await call('DELETE', '/computers/0')).status).toBe(403);
    sim.control.setPermissions({ computersEdit: true, computersDelete: true });
    expect((await call('PATCH', '/computers/0', { body: [] })).status).toBe(404);
    expect((await call('DELETE', '/computers/0')).status).toBe(404);
  });
});

describe('faults', () => {
  it('answers an error inside a 200 when told', async () => {
    sim.control.errorInside200({ route: `${BASE}/computers` });
    expect(await call('GET', '/computers')).toMatchObject({ status: 200, body: { Message: 'An error has occurred.', ExceptionType: expect.any(String) } });
    expect(Array.isArray((await call('GET', '/computers')).body)).toBe(true);
  });

  it('shares the transport faults of the plumbing (truncated JSON, 500 with an ASP.NET body)', async () => {
    sim.faults.add({ kind: 'truncated-json', route: `${BASE}/clients`, times: 1 });
    const cut = await fetch(`${sim.url}${BASE}/clients`, { headers: { ClientId: sim.clientId, Authorization: `Bearer ${token}` } });
    const text = await cut.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow();
    sim.faults.add({ kind: 'server-error', route: `${BASE}/clients`, times: 1 });
    expect(await call('GET', '/clients')).toMatchObject({ status: 500, body: { Message: expect.any(String) } });
    expect((await call('GET', '/clients')).status).toBe(200);
  });
});
