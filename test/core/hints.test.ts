import { missingRelationHint } from '../../src/core/apply';

test('a missing relation close to a model name suggests the model', () => {
  const models = ['raw.orders', 'raw.customers', 'stg.orders'];
  expect(missingRelationHint('raw.orderz', models)).toBe(
    '; did you mean model raw.orders? (a name that is not a model is read as a table of your own)',
  );
  expect(missingRelationHint('Finance.Ledger', models)).toBe('; finance.ledger is not a model, so vde read it as a table of your own');
});
