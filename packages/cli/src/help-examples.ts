/** Examples shown at the end of `--help`, per command path (as typed after `rmm-hub`). */
export const HELP_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  '': ['rmm-hub sim                      # try it: simulators, a ready config and secrets', 'rmm-hub init && rmm-hub check', 'rmm-hub sync --json > report.json', 'RMM_HUB_CONFIG=/etc/rmm-hub.yaml rmm-hub status'],
  init: ['rmm-hub init', 'rmm-hub init -o /etc/rmm-hub.yaml'],
  sim: ['rmm-hub sim', 'rmm-hub sim --devices 200 --dir ./try-rmm-hub'],
  check: ['rmm-hub check', 'rmm-hub --config prod.yaml check --json'],
  sync: ['rmm-hub sync', 'rmm-hub sync -i ncentral-main', 'rmm-hub -v sync --log-format json 2> sync.log'],
  status: ['rmm-hub status', 'rmm-hub status --json | jq .integrations'],
  agents: ['rmm-hub agents', 'rmm-hub agents --integration ncentral-main --client 101 --json'],
  links: ['rmm-hub links', 'rmm-hub links accept ncentral-main 101 acme'],
  computers: ['rmm-hub computers --tenant acme', 'rmm-hub computers --conflicts'],
  computer: ['rmm-hub computer c-1a2b3c --timeline'],
  'db status': ['rmm-hub db status', 'DATABASE_URL=postgres://rmm@db:5432/rmm rmm-hub db status --json'],
  'db migrate': ['rmm-hub db migrate'],
  plugins: ['rmm-hub plugins', 'rmm-hub plugins --json | jq .refused'],
  completion: ['source <(rmm-hub completion bash)', 'rmm-hub completion fish > ~/.config/fish/completions/rmm-hub.fish'],
  'schema output': ['rmm-hub schema output sync'],
  'run-script': ['rmm-hub run-script --computer c-1a2b3c --file inventory.ps1'],
};
