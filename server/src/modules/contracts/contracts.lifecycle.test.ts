import { errorOf, ok } from '../../../test/harness';
import { codeOf } from '../../../test/expect';
import { toGlobalId } from '../../graphql/global-id';
import { active, content, contractOf, CONTRACTS, CREATE, deal, DIFF, draft, expectedHash, localId, notificationsOf, save, SECTIONS, SIGN, t } from '../../../test/contracts';

// ---- the lifecycle ------------------------------------------------------------------------

describe('lifecycle', () => {
  it('takes a conversation to an ACTIVE contract with a locked version and a full audit trail', async () => {
    const d = await deal();
    const created = ok(await t.gql(CREATE, { conversationId: toGlobalId('Conversation', d.conversationId) }, d.poster.token)).createContract;
    expect(created).toMatchObject({
      status: 'DRAFT',
      viewerRole: 'EMPLOYER',
      employerUser: { id: toGlobalId('User', d.poster.user.id) },
      worker: { id: toGlobalId('User', d.worker.user.id) },
      currentDetails: null,
    });
    const contractId = created.id;

    const v1 = content('v1', { termsAndConditions: '' });
    const saved1 = await save(d, contractId, 0, v1);
    expect(saved1.currentDetails).toEqual({ version: 1, contentHash: expectedHash(v1), complete: false });

    const v2 = content('v2');
    const saved2 = await save(d, contractId, 1, v2);
    expect(saved2.currentDetails).toEqual({ version: 2, contentHash: expectedHash(v2), complete: true });

    const workerHeaders = { 'user-agent': 'WorkerBrowser/1.0', 'x-forwarded-for': '203.0.113.7' };
    const workerSigned = ok(await t.gql(SIGN, { contractId, version: 2 }, d.worker.token, workerHeaders)).signContract;
    expect(workerSigned).toMatchObject({ status: 'DRAFT', workerSignedVersion: 2, employerSignedVersion: null, employerSignedAt: null });
    expect(workerSigned.workerSignedAt).toEqual(expect.any(String));

    const posterSigned = ok(await t.gql(SIGN, { contractId, version: 2 }, d.poster.token, { 'user-agent': 'PosterBrowser/2.0' })).signContract;
    expect(posterSigned).toMatchObject({ status: 'ACTIVE', workerSignedVersion: 2, employerSignedVersion: 2, currentDetails: { version: 2, locked: true } });
    expect(posterSigned.currentDetails.lockedAt).toEqual(expect.any(String));

    const contract = await contractOf(contractId, d.worker.token);
    expect(contract.viewerRole).toBe('WORKER');
    expect(contract.listing.id).toBe(toGlobalId('Listing', d.listingId));
    expect(contract.employer.id).toBe(toGlobalId('Employer', d.employerId));
    expect(contract.currentDetails).toMatchObject({ ...v2, version: 2, locked: true });
    expect(contract.versions).toEqual([
      { version: 1, contentHash: expectedHash(v1), locked: false, createdBy: { id: toGlobalId('User', d.poster.user.id) } },
      { version: 2, contentHash: expectedHash(v2), locked: true, createdBy: { id: toGlobalId('User', d.poster.user.id) } },
    ]);

    const poster = { id: toGlobalId('User', d.poster.user.id) };
    const worker = { id: toGlobalId('User', d.worker.user.id) };
    expect(contract.events.map(({ createdAt: _createdAt, ...event }: { createdAt: string }) => event)).toEqual([
      { kind: 'CREATED', actor: poster, version: null, contentHash: null, ipAddress: null, userAgent: null, reason: null, changeOrder: null },
      { kind: 'DETAILS_SAVED', actor: poster, version: 1, contentHash: expectedHash(v1), ipAddress: null, userAgent: null, reason: null, changeOrder: null },
      { kind: 'DETAILS_SAVED', actor: poster, version: 2, contentHash: expectedHash(v2), ipAddress: null, userAgent: null, reason: null, changeOrder: null },
      { kind: 'SIGNED', actor: worker, version: 2, contentHash: expectedHash(v2), ipAddress: '203.0.113.7', userAgent: 'WorkerBrowser/1.0', reason: null, changeOrder: null },
      { kind: 'SIGNED', actor: poster, version: 2, contentHash: expectedHash(v2), ipAddress: expect.stringMatching(/127\.0\.0\.1$/), userAgent: 'PosterBrowser/2.0', reason: null, changeOrder: null },
      { kind: 'LOCKED', actor: poster, version: 2, contentHash: expectedHash(v2), ipAddress: null, userAgent: null, reason: null, changeOrder: null },
    ]);

    // The other party is told of each step; two unread saves collapse into one notice.
    const workerNotices = await notificationsOf(d.worker.user.id);
    expect(workerNotices.map((n) => n.kind).sort()).toEqual(['CONTRACT_ACTIVE', 'CONTRACT_CREATED', 'CONTRACT_DETAILS_SAVED', 'CONTRACT_SIGNED']);
    expect(workerNotices.find((n) => n.kind === 'CONTRACT_DETAILS_SAVED')?.payload).toMatchObject({ contractId, version: 2 });
    expect(workerNotices.find((n) => n.kind === 'CONTRACT_ACTIVE')?.payload).toMatchObject({ contractId, version: 2 });
    expect((await notificationsOf(d.poster.user.id)).map((n) => n.kind)).toEqual(['CONTRACT_SIGNED']);
  });

  it('stores and hashes each section in Unicode NFC, so equal text hashes equally', async () => {
    const d = await deal();
    const contractId = await draft(d);
    const decomposed = content('cafe\u0301');
    const composed = content('caf\u00e9');
    const saved = await save(d, contractId, 0, decomposed);
    expect(saved.currentDetails.contentHash).toBe(expectedHash(composed));
    const stored = (await contractOf(contractId, d.poster.token)).currentDetails;
    expect(stored.descriptionOfServices).toBe(composed.descriptionOfServices);
  });

  it('diffs any two versions field by field, with a line diff', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('same', { deliverables: 'Source code\nDocs' }));
    await save(d, contractId, 1, content('same', { deliverables: 'Source code\nTests\nDocs' }));
    const diff = ok(await t.gql(DIFF, { id: contractId, from: 1, to: 2 }, d.worker.token)).contract.diff;
    expect(diff.map((section: { field: string }) => section.field)).toEqual([...SECTIONS]);
    expect(diff.filter((section: { changed: boolean }) => section.changed).map((section: { field: string }) => section.field)).toEqual(['deliverables']);
    expect(diff[1]).toEqual({
      field: 'deliverables',
      before: 'Source code\nDocs',
      after: 'Source code\nTests\nDocs',
      changed: true,
      lines: [
        { kind: 'UNCHANGED', text: 'Source code\n' },
        { kind: 'ADDED', text: 'Tests\n' },
        { kind: 'UNCHANGED', text: 'Docs' },
      ],
    });
    // Appending a line keeps the old last line unchanged rather than removing and re-adding it.
    await save(d, contractId, 2, content('same', { deliverables: 'Source code\nTests\nDocs\nA demo' }));
    const appended = ok(await t.gql(DIFF, { id: contractId, from: 2, to: 3 }, d.worker.token)).contract.diff[1].lines;
    expect(appended.map((line: { kind: string }) => line.kind)).toEqual(['UNCHANGED', 'ADDED']);
    expect(appended[1].text).toBe('A demo');
    const missing = errorOf(await t.gql(DIFF, { id: contractId, from: 1, to: 9 }, d.worker.token));
    expect(missing.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { to: expect.any(String) } });
  });

  it('clears both signatures when the details are saved again', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('v1'));
    ok(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token));
    const saved = await save(d, contractId, 1, content('v2'));
    expect(saved).toMatchObject({ workerSignedVersion: null, employerSignedVersion: null, currentDetails: { version: 2 } });
    expect(codeOf(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token))).toBe('CONFLICT');
    const contract = await contractOf(contractId, d.poster.token);
    expect(contract).toMatchObject({ status: 'DRAFT', workerSignedAt: null, workerSignedVersion: null });
  });

  it('treats signing a version one has already signed as done, and lists contracts by status', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('v1'));
    const first = ok(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token)).signContract;
    const again = ok(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token)).signContract;
    expect(again.workerSignedAt).toBe(first.workerSignedAt);
    const signed = (await contractOf(contractId, d.worker.token)).events.filter((event: { kind: string }) => event.kind === 'SIGNED');
    expect(signed).toHaveLength(1);

    expect(ok(await t.gql(CONTRACTS, { status: 'DRAFT' }, d.worker.token)).contracts).toEqual([{ id: contractId, status: 'DRAFT' }]);
    expect(ok(await t.gql(CONTRACTS, { status: 'ACTIVE' }, d.worker.token)).contracts).toEqual([]);
  });
});

// ---- the database refuses what the service would --------------------------------------------

describe('database integrity', () => {
  it('refuses a raw UPDATE or DELETE of a locked version, and of any audit row', async () => {
    const d = await deal();
    const contractId = await active(d);
    const id = localId(contractId);
    const ds = t.app.deps.ds;
    await expect(ds.query(`UPDATE contract_details SET deliverables = 'nothing' WHERE contract_id = $1`, [id])).rejects.toThrow(/locked/);
    await expect(ds.query(`UPDATE contract_details SET locked = false WHERE contract_id = $1`, [id])).rejects.toThrow(/locked/);
    await expect(ds.query(`DELETE FROM contract_details WHERE contract_id = $1`, [id])).rejects.toThrow(/locked/);
    await expect(ds.query(`UPDATE contract_events SET actor_id = actor_id WHERE contract_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM contract_events WHERE contract_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE contract_events CASCADE`)).rejects.toThrow(/append-only/);
    const contract = await contractOf(contractId, d.poster.token);
    expect(contract.currentDetails).toMatchObject({ locked: true, deliverables: content('v1').deliverables });
    expect(contract.events.map((event: { kind: string }) => event.kind)).toEqual(['CREATED', 'DETAILS_SAVED', 'SIGNED', 'SIGNED', 'LOCKED']);
  });
});
