package main

// The command table: what each command is called, what it does, and how
// its help describes it. Help and shell completion both read it, with the
// flags each command registers, so a new flag needs no edit here.

// commands is set by init: the commands' help reads it, so an initializer
// would refer to itself.
var commands []command

func init() { commands = commandTable() }

func commandTable() []command {
	return []command{
		{name: "validate", summary: "check a spec without calling AWS", run: runValidate, doc: doc{
			args:  "[-f FILE]",
			about: "Load a spec with its included files and policy documents and check it as apply would, before any AWS call: unknown keys, wrong types, duplicate names, references to things that do not exist, policy sizes and AWS limits. Each problem is reported with its file:line:col.",
			examples: []example{
				{"Check the spec in the current directory", "orgctl validate"},
				{"Check a spec as it is on main in its repository", "orgctl validate --git-repo . --git-ref main -f org.yaml"},
			},
		}},
		{name: "lint", summary: "review the organization a spec describes for security (exit 1 on errors)", run: runLint, doc: doc{
			args:  "[-f FILE]",
			about: "Review the organization a spec describes against a security baseline: an organization trail, SCPs on every OU, a delegated security account, the security services enabled organization-wide. It calls no AWS API. Exit 1 when a rule of severity error fails.",
			examples: []example{
				{"Review the spec in the current directory", "orgctl lint"},
				{"Write SARIF for GitHub code scanning", "orgctl lint -f org.yaml --format sarif -o lint.sarif"},
			},
		}},
		{name: "plan", summary: "show what apply would change", run: runPlan, doc: doc{
			args:  "[-f FILE] [-o PLAN_FILE]",
			about: "Read the live organization and show what apply would change to make it equal to the spec: each change, its fields, policy document diffs, and which changes are destructive. Nothing is changed. With -o, the plan is saved for 'orgctl apply PLAN_FILE'.",
			examples: []example{
				{"Show the changes, then save them for apply", "orgctl plan -f org.yaml -o plan.json"},
				{"A comment for a pull request; exit 2 when there are changes", "orgctl plan --format markdown --detailed-exitcode > plan.md"},
			},
		}},
		{name: "apply", summary: "change the organization to match a spec or a saved plan", run: runApply, doc: doc{
			args:  "[-f FILE | PLAN_FILE]",
			about: "Change the organization to match the spec, or apply exactly a plan saved by 'orgctl plan -o' (refused if the organization changed since). apply shows the plan and asks for confirmation on a terminal; unattended it needs --auto-approve. Destructive changes need --allow-destroy. One apply at a time holds the organization's lock.",
			examples: []example{
				{"Plan, confirm, apply", "orgctl apply -f org.yaml"},
				{"Apply the plan a reviewer approved, in CI", "orgctl apply plan.json --auto-approve"},
			},
			argFiles: true,
		}},
		{name: "drift", summary: "report how the organization differs from the spec (exit 2 on drift)", run: runDrift, doc: doc{
			args:  "[-f FILE]",
			about: "Read the live organization and report how it differs from the spec, including what orgctl does not manage. Exit 0 when in sync, 2 on drift, 1 on error: made for scheduled jobs.",
			examples: []example{
				{"Check the organization against the spec", "orgctl drift -f org.yaml"},
				{"A nightly job's report as JSON", "orgctl drift --format json > drift.json"},
			},
		}},
		{name: "graph", summary: "draw the organization as Mermaid or DOT, optionally marked by a saved plan", run: runGraph, doc: doc{
			args:  "[-f FILE] [--plan PLAN_FILE]",
			about: "Draw the OU tree a spec describes, with the accounts and the policies at each target, as a Mermaid or Graphviz DOT graph. With --plan, what a saved plan creates, updates and deletes is coloured. It calls no AWS API.",
			examples: []example{
				{"A Mermaid graph for a README or a pull request", "orgctl graph -f org.yaml > org.mmd"},
				{"A picture of what a saved plan changes", "orgctl graph --plan plan.json --format dot | dot -Tsvg > plan.svg"},
			},
		}},
		{name: "import", summary: "write the live organization as a spec directory that plans clean", run: runImport, doc: doc{
			args:  "-o DIR",
			about: "Read the live organization (changing nothing) and write it as a spec whose plan is empty: DIR/org.yaml, the policies as JSON files, and past a number of accounts, the accounts in a file per top-level OU. What the spec cannot express is listed at the top of org.yaml.",
			examples: []example{
				{"Start managing an existing organization", "orgctl import -o org --adopt"},
				{"Import a sandbox organization", "orgctl --sandbox import -o /tmp/org"},
			},
		}},
		{name: "schema", summary: "print the JSON Schema of org.yaml", run: runSchema, doc: doc{
			about: "Print the JSON Schema of org.yaml, for editors and CI checks. With it saved beside the spec, a first line of '# yaml-language-server: $schema=schema.json' in org.yaml gives editors completion and checks as you type.",
			examples: []example{
				{"Save it beside the spec", "orgctl schema > schema.json"},
				{"Check in CI that the saved copy is current", "orgctl schema | diff - schema.json"},
			},
		}},
		{name: "iam-policy", summary: "print the IAM policy plan or apply needs (--for plan|apply)", run: runIAMPolicy, doc: doc{
			args:  "--for plan|apply",
			about: "Print the IAM policy that the identity orgctl runs as needs for a command: named actions only, no wildcards, exactly the requests orgctl makes. With --identity cross-account, the policy of the role orgctl assumes in the accounts that administer security services.",
			examples: []example{
				{"What plan, drift and validate need", "orgctl iam-policy --for plan"},
				{"What apply needs in the security account", "orgctl iam-policy --for apply --identity cross-account"},
			},
		}},
		{name: "unlock", summary: "break the apply lock of a dead apply, by its ID", run: runUnlock, doc: doc{
			args:  "LOCK_ID",
			about: "Break the apply lock an apply left behind when it died. A waiting apply prints the lock's ID and holder; a lock also expires on its own minutes after its holder stops. Break only a lock whose apply is known to be gone.",
			examples: []example{
				{"Break the lock a waiting apply named", "orgctl unlock p-3f2a9c1e"},
				{"The same in the sandbox", "orgctl --sandbox unlock p-3f2a9c1e"},
			},
		}},
		{name: "sandbox", summary: "run the local AWS sandbox: init, serve, reset, generate", run: runSandbox, doc: doc{
			args:  "init|serve|reset|generate",
			about: "The sandbox is a local AWS emulator that speaks AWS's wire protocols, keeping its state in a file. 'orgctl --sandbox COMMAND' runs any command against it in process; 'orgctl sandbox serve' serves it over HTTP for the AWS CLI and other tools.",
			examples: []example{
				{"Try orgctl without an AWS account", "orgctl --sandbox apply -f examples/minimal/org.yaml"},
				{"Serve a sandbox that throttles as AWS does", "orgctl sandbox serve --rate aws"},
			},
			subcommands: []command{
				{name: "init", summary: "create a new sandbox organization with a management account", doc: doc{
					about: "Create a sandbox state file holding a new organization with its management account. It refuses to overwrite an existing one; 'orgctl sandbox reset' replaces it.",
					examples: []example{
						{"A sandbox in the default place", "orgctl sandbox init"},
						{"A sandbox that allows 50 accounts", "orgctl sandbox init --state /tmp/sb.json --max-accounts 50"},
					},
				}},
				{name: "serve", summary: "serve a sandbox over HTTP on loopback, for the AWS CLI and other tools", doc: doc{
					about: "Serve a sandbox over HTTP until interrupted, and print the credentials and commands that reach it. It listens on loopback only, unless --allow-remote. The sandbox flags make it throttle, wait and fail as a busy AWS does.",
					examples: []example{
						{"Serve on the default port", "orgctl sandbox serve --state /tmp/sb.json"},
						{"Any free port, with AWS's rate limits and some faults", "orgctl sandbox serve --addr 127.0.0.1:0 --rate aws --faults throttle=0.1"},
					},
				}},
				{name: "reset", summary: "replace a sandbox's state with a new organization", doc: doc{
					about: "Replace a sandbox's state with a new, empty organization, creating the file if needed.",
					examples: []example{
						{"Start the default sandbox over", "orgctl sandbox reset"},
						{"Start over with slow account creation", "orgctl sandbox reset --state /tmp/sb.json --create-delay 10s"},
					},
				}},
				{name: "generate", summary: "replace it with a random organization and write its spec (-o DIR)", doc: doc{
					args:  "-o DIR",
					about: "Replace a sandbox's state with a random organization owned by orgctl (an OU tree up to five levels deep, accounts, policies of every long-standing type attached at every level), and import it into DIR, for benchmarks and tests: its plan is empty.",
					examples: []example{
						{"500 accounts, and their spec in ./large", "orgctl sandbox generate --accounts 500 -o large"},
						{"A different organization of the default size", "orgctl --sandbox=/tmp/sb.json sandbox generate --seed 7 -o /tmp/org"},
					},
				}},
			},
		}},
		{name: "completion", summary: "print a shell completion script: bash, zsh or fish", run: runCompletion, doc: doc{
			args:     "bash|zsh|fish",
			about:    "Print a script that completes orgctl's commands, flags and flag values in a shell. The script asks orgctl itself what to complete, so it stays right as orgctl changes.",
			argWords: shells,
			examples: []example{
				{"Complete in this bash session", "source <(orgctl completion bash)"},
				{"For every fish session", "orgctl completion fish > ~/.config/fish/completions/orgctl.fish"},
			},
		}},
		{name: "help", summary: "show the help of a command", run: runHelp, doc: doc{
			args:  "[COMMAND [SUBCOMMAND]]",
			about: "Show a command's description, flags and examples, as 'orgctl COMMAND --help' does; without a command, the list of commands and the global flags.",
			examples: []example{
				{"How to use apply", "orgctl help apply"},
				{"How to serve the sandbox", "orgctl help sandbox serve"},
			},
			argCommands: true,
		}},
		{name: "version", summary: "print orgctl's version", run: runVersion, doc: doc{
			about: "Print the version of this orgctl: a release tag, or dev when built from source.",
			examples: []example{
				{"Which orgctl is this", "orgctl version"},
				{"The version alone, for a script", "orgctl version | cut -d' ' -f2"},
			},
		}},
	}
}
