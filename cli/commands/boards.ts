/** `arielsim boards [--json]`: the built-in boards with their cores, clocks and memories. */
import type { Command } from 'commander';
import { z } from 'zod';
import { boardJsonSchema } from '../../platforms/boards/json-schema.js';
import { BOARD_NAMES, builtinBoard } from '../../platforms/boards/registry.js';
import { formatTable, printJson } from '../output.js';
import { parseOptions } from '../options.js';
import { describeCores } from './board-option.js';

const Options = z.object({ json: z.boolean().optional(), schema: z.boolean().optional() });

export function registerBoards(program: Command): void {
  program
    .command('boards')
    .description('list the built-in boards with their cores, clocks and memories')
    .option('--json', 'print one JSON object')
    .option('--schema', 'print the JSON Schema of a board file')
    .action((raw: unknown) => {
      const opts = parseOptions(Options, raw);
      if (opts.schema) {
        printJson(boardJsonSchema());
        return;
      }
      const boards = BOARD_NAMES.map((name) => builtinBoard(name));
      if (opts.json) {
        printJson({ boards });
        return;
      }
      const kib = (n: number) => `${n / 1024} KB`;
      const rows = boards.map((b) => [
        b.name,
        describeCores(b),
        b.memories
          .filter((m) => m.aliasOf === undefined && m.kind !== 'rom')
          .map(
            (m) =>
              `${m.name} ${kib(m.size)}${m.banks > 1 ? ` (${m.banks} banks${m.striping === 'word' ? ', striped' : ''})` : ''}`,
          )
          .join(', '),
        b.iss ? 'yes' : 'no',
      ]);
      process.stdout.write(
        formatTable(['board', 'cores', 'memories', 'iss'], rows) +
          '\n\nthe generic board takes --set cores=N|<type>@<hz>,... core= clockHz= banks= sramBytes= flashBytes= flashWaitStates= sync=\n',
      );
    });
}
