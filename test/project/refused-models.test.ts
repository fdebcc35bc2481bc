// Models vde reads but cannot run (issue 9 item 6): a user macro from macros/*.py or a Python
// model is skipped and named; the rest of the project runs; a model reading one is refused.
import { ModelError } from '../../src/errors';
import { loadProject } from '../../src/project/loader';
import { rejected, tempProject } from './helpers';

const files = {
  'vde.yaml': 'connection:\n  type: pglite\n  path: .vde/db\n',
  'macros/utils.py': 'from sqlmesh import macro\n\n@macro()\ndef add_one(evaluator, column):\n    return f"{column} + 1"\n',
  'models/uses_macro.sql': 'MODEL (name s.uses_macro, kind FULL);\nSELECT\n  @add_one(id) AS id\nFROM s.plain\n',
  'models/plain.sql': 'MODEL (name s.plain, kind FULL);\nSELECT 1 AS id\n',
  'models/py_model.py': 'import typing as t\nfrom sqlmesh import model\n\n@model(\n    "s.py_model",\n    columns={"id": "int"},\n)\ndef execute(context, **kwargs):\n    pass\n',
};

it('skips models using a user macro and Python models, naming file, line and macro; the rest loads', async () => {
  const project = await loadProject(tempProject(files), {});
  expect([...project.models.keys()]).toEqual(['s.plain']);
  expect(project.refused).toEqual([
    { name: 's.py_model', file: 'models/py_model.py', line: 4, reason: 'a Python model: vde runs no Python' },
    { name: 's.uses_macro', file: 'models/uses_macro.sql', line: 3, reason: 'uses macro @add_one from macros/utils.py: vde runs no Python, so models using user macros are not supported' },
  ]);
});

it('refuses a model that reads a model vde cannot run', async () => {
  const dir = tempProject({ ...files, 'models/reader.sql': 'MODEL (name s.reader, kind FULL);\nSELECT * FROM s.py_model\n' });
  const e = await rejected(loadProject(dir, {}));
  expect(e).toBeInstanceOf(ModelError);
  expect(e.message).toBe('models/reader.sql:1: reads model s.py_model, which vde cannot run (models/py_model.py:4: a Python model: vde runs no Python)');
});
