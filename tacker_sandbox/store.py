"""State of the sandbox VIM: stacks, injected faults, the token key, the
objects of the sandbox Kubernetes, and the metric values set for servers
and Pods.

One SQLite database, in memory by default or in the file given with
``--state-file`` so that stacks (and issued tokens) survive a restart.
A stack is one JSON document; the columns beside it are only what
lookups filter on. Every request runs in one transaction, so a request
that fails half-way leaves nothing behind.
"""
import contextlib
import json
import sqlite3
import threading

from tacker_sandbox import resources

_SCHEMA = (
    'CREATE TABLE IF NOT EXISTS stacks ('
    ' id TEXT PRIMARY KEY, name TEXT NOT NULL, project_id TEXT NOT NULL,'
    ' parent_id TEXT, created REAL NOT NULL,'
    # NULL while the stack exists; the time its deletion completes after.
    ' gone_at REAL, data TEXT NOT NULL)',
    'CREATE INDEX IF NOT EXISTS stacks_by_name ON stacks (project_id, name)',
    'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY,'
    ' value TEXT NOT NULL)',
    # ``resource`` is "<plural>.<group>" ("pods" in the core group);
    # ``due`` is when the Kubernetes controllers next look at the object.
    'CREATE TABLE IF NOT EXISTS kube_objects (resource TEXT NOT NULL,'
    ' namespace TEXT NOT NULL, name TEXT NOT NULL, due REAL,'
    ' data TEXT NOT NULL, PRIMARY KEY (resource, namespace, name))',
    # What the metrics knob set for a server (``target``: its physical id)
    # or a Kubernetes object (its uid), as a JSON object; it goes with them.
    'CREATE TABLE IF NOT EXISTS metric_values (target TEXT PRIMARY KEY,'
    ' value TEXT NOT NULL)',
)
# The ownerReferences of the Kubernetes objects, by owner uid: the
# controllers ask for an owner's dependents on every pass, which must not
# decode every object of the type for each owner.
_OWNER_REFS = (
    'CREATE TABLE kube_owner_refs (owner_uid TEXT NOT NULL,'
    ' resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,'
    ' PRIMARY KEY (owner_uid, resource, namespace, name))')
# The live servers (OS::Nova::Server) of every stack: a metrics scrape
# every second must not decode every stack.
_SERVERS = (
    'CREATE TABLE servers (id TEXT PRIMARY KEY, name TEXT NOT NULL,'
    ' resource TEXT NOT NULL, stack_id TEXT NOT NULL,'
    ' root_id TEXT NOT NULL, project_id TEXT NOT NULL)')
_SERVER_COLUMNS = ('id', 'name', 'resource', 'stack_id', 'root_id',
                   'project_id', 'value')
# ``Store.save_object``: leave the object's ``due`` as it is.
KEEP = object()


class Store:
    """Stacks and small named values (``meta``), as JSON documents."""

    def __init__(self, path=None):
        self._db = sqlite3.connect(path or ':memory:', isolation_level=None,
                                   check_same_thread=False)
        self._lock = threading.RLock()
        self._depth = 0
        for statement in _SCHEMA:
            self._db.execute(statement)
        for table, statement, index in (
                ('kube_owner_refs', _OWNER_REFS, lambda: [
                    self._index_owners(resource, obj)
                    for resource, obj in self.list_objects()]),
                ('servers', _SERVERS, lambda: [
                    self._index_servers(stack)
                    for stack in self.list_stacks()])):
            if not self._rows("SELECT 1 FROM sqlite_master WHERE type ="
                              " 'table' AND name = ?", (table,)):
                # A state file of an earlier sandbox: index what it holds.
                with self.transaction():
                    self._db.execute(statement)
                    index()

    def close(self):
        with self._lock:
            self._db.close()

    @contextlib.contextmanager
    def transaction(self):
        """All-or-nothing for the enclosed reads and writes; re-entrant."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            self._db.execute('BEGIN IMMEDIATE')
            self._depth = 1
            try:
                yield self
            except BaseException:
                self._db.execute('ROLLBACK')
                raise
            else:
                self._db.execute('COMMIT')
            finally:
                self._depth = 0

    def _rows(self, sql, args=()):
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def get_stack(self, stack_id):
        rows = self._rows('SELECT data FROM stacks WHERE id = ?', (stack_id,))
        return json.loads(rows[0][0]) if rows else None

    def find_stack(self, project_id, name, now):
        """The newest stack called ``name`` that is not gone at ``now``."""
        rows = self._rows(
            'SELECT data FROM stacks WHERE project_id = ? AND name = ?'
            ' AND (gone_at IS NULL OR gone_at > ?)'
            ' ORDER BY created DESC LIMIT 1', (project_id, name, now))
        return json.loads(rows[0][0]) if rows else None

    def list_stacks(self, project_id=None, roots_only=False):
        """Stacks (gone ones too, nested ones unless ``roots_only``) of a
        project or of all, oldest first."""
        where, args = [], []
        if project_id is not None:
            where.append('project_id = ?')
            args.append(project_id)
        if roots_only:
            where.append('parent_id IS NULL')
        rows = self._rows('SELECT data FROM stacks %s ORDER BY created, id'
                          % ('WHERE ' + ' AND '.join(where) if where else ''),
                          args)
        return [json.loads(row[0]) for row in rows]

    def save_stack(self, stack):
        with self._lock:
            self._db.execute(
                'INSERT OR REPLACE INTO stacks (id, name, project_id,'
                ' parent_id, created, gone_at, data)'
                ' VALUES (?, ?, ?, ?, ?, ?, ?)',
                (stack['id'], stack['name'], stack['project_id'],
                 stack['parent'], stack['created'], stack['gone_at'],
                 json.dumps(stack)))
            self._index_servers(stack)

    def _index_servers(self, stack):
        """``servers`` holds the stack's servers from their creation until
        their deletion (or replacement) is asked for; the metric values of
        those that went go too."""
        live = [
            (resource['physical_id'],
             (resource.get('attributes') or {}).get('name') or name, name,
             stack['id'], stack.get('root') or stack['id'],
             stack['project_id'])
            for name, resource in stack['resources'].items()
            if resource['type'] == resources.SERVER and
            resource.get('physical_id') and _not_deleted(resource)]
        gone = {row[0] for row in self._db.execute(
            'SELECT id FROM servers WHERE stack_id = ?', (stack['id'],))}
        gone -= {row[0] for row in live}
        for table, column in (('servers', 'id'), ('metric_values', 'target')):
            self._db.executemany('DELETE FROM %s WHERE %s = ?'
                                 % (table, column),
                                 [(server_id,) for server_id in gone])
        self._db.executemany(
            'INSERT OR REPLACE INTO servers (id, name, resource, stack_id,'
            ' root_id, project_id) VALUES (?, ?, ?, ?, ?, ?)', live)

    def list_servers(self, server_id=None):
        """The live servers (or the one of that id), ordered by id: dicts
        of id, name, resource (its name in its stack), stack_id, root_id,
        project_id and value (what the metrics knob set, or None)."""
        rows = self._rows(
            'SELECT s.id, s.name, s.resource, s.stack_id, s.root_id,'
            ' s.project_id, m.value FROM servers s LEFT JOIN metric_values m'
            ' ON m.target = s.id%s ORDER BY s.id'
            % (' WHERE s.id = ?' if server_id is not None else ''),
            () if server_id is None else (server_id,))
        return [dict(zip(_SERVER_COLUMNS, row[:-1] + (_loads(row[-1]),)))
                for row in rows]

    def list_object_values(self, resource, namespace=None, name=None):
        """``(namespace, name, uid, value)`` of the objects of
        ``resource`` (in one namespace, or that one object), ordered as
        ``list_objects``; value as ``list_servers`` has it."""
        where, args = ['o.resource = ?'], [resource]
        for column, value in (('namespace', namespace), ('name', name)):
            if value is not None:
                where.append('o.%s = ?' % column)
                args.append(value)
        rows = self._rows(
            "SELECT o.namespace, o.name, json_extract(o.data,"
            " '$.metadata.uid') AS uid, m.value FROM kube_objects o"
            " LEFT JOIN metric_values m ON m.target = uid WHERE %s"
            " ORDER BY o.namespace, o.name" % ' AND '.join(where), args)
        return [row[:-1] + (_loads(row[-1]),) for row in rows]

    def set_metric_values(self, target, value):
        """What the metrics knob set for a server id or an object uid;
        None forgets it."""
        with self._lock:
            if value is None:
                self._db.execute('DELETE FROM metric_values WHERE target = ?',
                                 (target,))
            else:
                self._db.execute('INSERT OR REPLACE INTO metric_values'
                                 ' (target, value) VALUES (?, ?)',
                                 (target, json.dumps(value)))

    def get_meta(self, key, default=None):
        rows = self._rows('SELECT value FROM meta WHERE key = ?', (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_meta(self, key, value):
        with self._lock:
            self._db.execute('INSERT OR REPLACE INTO meta (key, value)'
                             ' VALUES (?, ?)', (key, json.dumps(value)))

    def get_object(self, resource, namespace, name):
        rows = self._rows('SELECT data FROM kube_objects WHERE resource = ?'
                          ' AND namespace = ? AND name = ?',
                          (resource, namespace or '', name))
        return json.loads(rows[0][0]) if rows else None

    def list_objects(self, resource=None, namespace=None):
        """``(resource, object)`` pairs, by resource, namespace and name."""
        where, args = [], []
        for column, value in (('resource', resource),
                              ('namespace', namespace)):
            if value is not None:
                where.append('%s = ?' % column)
                args.append(value)
        rows = self._rows(
            'SELECT resource, data FROM kube_objects %s'
            ' ORDER BY resource, namespace, name'
            % ('WHERE ' + ' AND '.join(where) if where else ''), args)
        return [(row[0], json.loads(row[1])) for row in rows]

    def count_objects(self):
        return self._rows('SELECT COUNT(*) FROM kube_objects')[0][0]

    def save_object(self, resource, obj, due=KEEP):
        """Insert or replace; ``due`` stays as it was unless given."""
        metadata = obj['metadata']
        with self._lock:
            self._db.execute(
                'INSERT INTO kube_objects (resource, namespace, name, due,'
                ' data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (resource,'
                ' namespace, name) DO UPDATE SET data = excluded.data,'
                ' due = CASE WHEN ? THEN kube_objects.due'
                ' ELSE excluded.due END',
                (resource, metadata.get('namespace') or '', metadata['name'],
                 None if due is KEEP else due, json.dumps(obj), due is KEEP))
            self._index_owners(resource, obj)

    def _index_owners(self, resource, obj):
        metadata = obj['metadata']
        key = (resource, metadata.get('namespace') or '', metadata['name'])
        self._db.execute('DELETE FROM kube_owner_refs WHERE resource = ?'
                         ' AND namespace = ? AND name = ?', key)
        self._db.executemany(
            'INSERT OR IGNORE INTO kube_owner_refs (owner_uid, resource,'
            ' namespace, name) VALUES (?, ?, ?, ?)',
            [(ref['uid'],) + key for ref in _list(
                metadata.get('ownerReferences'))
             if isinstance(ref, dict) and isinstance(ref.get('uid'), str)])

    def owned_objects(self, owner_uid, resource=None):
        """``(resource, object)`` pairs of the objects (of ``resource``,
        or of all) whose ownerReferences name ``owner_uid``, ordered as
        ``list_objects``."""
        rows = self._rows(
            'SELECT o.resource, o.data FROM kube_owner_refs r JOIN'
            ' kube_objects o ON o.resource = r.resource AND o.namespace ='
            ' r.namespace AND o.name = r.name WHERE r.owner_uid = ?%s'
            ' ORDER BY o.resource, o.namespace, o.name'
            % (' AND r.resource = ?' if resource else ''),
            (owner_uid, resource) if resource else (owner_uid,))
        return [(row[0], json.loads(row[1])) for row in rows]

    def future_due(self, resource, now):
        """``(namespace, name)`` of the objects due after ``now``."""
        return {(row[0], row[1]) for row in self._rows(
            'SELECT namespace, name FROM kube_objects WHERE resource = ?'
            ' AND due > ?', (resource, now))}

    def delete_object(self, resource, namespace, name):
        with self._lock:
            self._db.execute(
                "DELETE FROM metric_values WHERE target = (SELECT"
                " json_extract(data, '$.metadata.uid') FROM kube_objects"
                " WHERE resource = ? AND namespace = ? AND name = ?)",
                (resource, namespace or '', name))
            for table in ('kube_objects', 'kube_owner_refs'):
                self._db.execute('DELETE FROM %s WHERE resource = ?'
                                 ' AND namespace = ? AND name = ?' % table,
                                 (resource, namespace or '', name))

    def next_due(self):
        """The earliest time a Kubernetes object is due, or None."""
        return self._rows('SELECT MIN(due) FROM kube_objects')[0][0]

    def clear_due(self, now):
        with self._lock:
            self._db.execute('UPDATE kube_objects SET due = NULL'
                             ' WHERE due <= ?', (now,))


def _not_deleted(resource):
    return resource['action'] != 'DELETE' or resource['status'] == 'FAILED'


def _loads(value):
    return None if value is None else json.loads(value)


def _list(value):
    return value if isinstance(value, list) else []
