/**
 * The vitest configuration Stryker runs (stryker.config.mjs): the project's, with `include` cut to
 * the test files of the file being mutated (MUTATION_TEST_FILES, set by stryker.config.mjs from
 * Stryker's --testFiles). Stryker's vitest runner starts vitest WITHOUT a file list for a static
 * mutant (one in a module-level constant, e.g. a regular expression or a list of states); with the
 * project's include that run found no test and the mutant "survived" untested.
 */
import base from '../../vitest.config';

const files = (process.env.MUTATION_TEST_FILES ?? '').split(',').filter((f) => f !== '');

export default files.length > 0 ? { ...base, test: { ...base.test, include: files } } : base;
