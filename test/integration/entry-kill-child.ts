/**
 * Child process of entry-kill.test.ts: opens the workspace, enters answers and comments field by
 * field through main/entry (each its own transaction), and prints `saved <item> <field> <value>`
 * after each field is committed. The parent kills it with SIGKILL part-way through.
 */
import { openWorkspace } from '../../main/db/connection.js';
import { setEntryField } from '../../main/entry/index.js';

const [file, auditIdText, sessionIdText, itemCountText] = process.argv.slice(2);
const db = openWorkspace(file!);
const auditId = Number(auditIdText);
let sessionId = Number(sessionIdText);
const itemCount = Number(itemCountText);
for (let i = 1; i <= itemCount; i += 1) {
  const itemCode = `TEL-${String(i).padStart(3, '0')}`;
  const answer = i % 3 === 0 ? 'Non' : i % 5 === 0 ? 'Sans objet' : 'Oui';
  sessionId = setEntryField(db, { auditId, sessionId, itemCode, field: 'answer', value: answer }).sessionId;
  process.stdout.write(`saved ${itemCode} answer ${answer}\n`);
  const comment = `Remarque ${i}`;
  setEntryField(db, { auditId, sessionId, itemCode, field: 'comment', value: comment });
  process.stdout.write(`saved ${itemCode} comment ${comment}\n`);
}
process.stdout.write('done\n');
db.close();
