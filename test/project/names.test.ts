import { NameError } from '../../src/errors';
import { environmentName, prodName, pullRequestEnvironment } from '../../src/project/names';
import { thrown } from './helpers';

describe('environmentName', () => {
  it('lower-cases and replaces every other character with _', () => {
    expect(environmentName('Feature/Add-Orders.v2')).toBe('feature_add_orders_v2');
    expect(environmentName('_tmp')).toBe('_tmp');
    expect(environmentName('dev 1')).toBe('dev_1');
    expect(environmentName('été')).toBe('_t_');
    expect(prodName).toBe('prod');
    expect(pullRequestEnvironment(42)).toBe('pr_42');
  });

  it.each([[''], ['9lives'], ['1x'], ['a'.repeat(41)]])('rejects %p naming the input', (input) => {
    const e = thrown(() => environmentName(input));
    expect(e).toBeInstanceOf(NameError);
    expect((e as NameError).input).toBe(input);
    expect(e.message).toContain(JSON.stringify(input));
  });

  it('accepts exactly 40 characters', () => {
    expect(environmentName('a'.repeat(40))).toHaveLength(40);
  });
});
