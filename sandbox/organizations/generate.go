package organizations

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/orgctl/orgctl/sandbox"
)

// GenerateOptions shape a generated organization.
type GenerateOptions struct {
	// Accounts is how many member accounts to create, besides the
	// management account.
	Accounts int
	// OUs is how many organizational units to create, in a tree up to
	// AWS's five levels deep (the first five form a chain, so any tree of
	// five or more OUs reaches the bottom).
	OUs int
	// Policies is how many customer-managed policies to create, spread
	// over PolicyTypes (each gets at least one while there are enough).
	Policies int
	// Seed makes the organization: the same options give the same names,
	// tags, documents, tree and attachments.
	Seed int64
	// PolicyTypes to enable and fill; default the five types orgctl
	// manages (SCP, RCP, tag, backup, AI services opt-out).
	PolicyTypes []string
	// Tags go on every generated OU, account and policy, for example the
	// tag that tells a tool the resources are its own.
	Tags map[string]string
}

// Generated counts what Generate made.
type Generated struct {
	OUs, Accounts, Policies, Attachments, MaxDepth int
}

// DefaultGeneratePolicyTypes are the policy types Generate enables unless told.
var DefaultGeneratePolicyTypes = []string{
	"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY",
}

// generate limits: what one state file reasonably holds.
const (
	maxGenerateAccounts = 100000
	maxGenerateOUs      = 10000
)

// Generate fills the new organization of sb (one with nothing but its management
// account) with a random one, written straight into the state rather than
// through API calls, so that ten thousand accounts take seconds. It keeps
// AWS's rules: OU depth, policies per target and per organization, tag
// characters and counts; every target keeps the default policies of the
// enabled types (FullAWSAccess is replaced on some, as people do). Accounts
// are spread unevenly: a few OUs hold many, some none. The account quota
// is raised to fit, with room for ten more.
func Generate(sb *sandbox.Sandbox, o GenerateOptions) (*Generated, error) {
	if len(o.PolicyTypes) == 0 {
		o.PolicyTypes = DefaultGeneratePolicyTypes
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	var g *generator
	err := sb.Update(func(c *sandbox.Call) error {
		st := slice.Of(c.State)
		if len(st.OUs) > 0 || len(st.Policies) > 0 || len(st.Accounts) > 1 || len(st.PolicyTypes) > 0 || len(st.CreateRequests) > 0 {
			return errors.New("sandbox: generate needs a new organization (only the management account, nothing enabled); reset the sandbox first")
		}
		g = &generator{w: c.State, st: st, o: o, rng: rand.New(rand.NewPCG(uint64(o.Seed), 0x6f7267637463746c)), ids: map[string]bool{}}
		g.run()
		set := stored.Stored(c.State)
		set.MaxAccounts = max(set.MaxAccounts, len(st.Accounts)+10)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// An account quota this process was given must fit the accounts too.
	need := len(g.st.Accounts) + 10
	stored.Override(sb, func(s *settings) { s.MaxAccounts = max(s.MaxAccounts, need) })
	return &g.out, nil
}

// Validate reports options Generate would refuse, so a caller can check
// them before resetting a sandbox for it.
func (o GenerateOptions) Validate() error {
	switch {
	case o.Accounts < 0 || o.Accounts > maxGenerateAccounts:
		return fmt.Errorf("sandbox: accounts must be 0 to %d, got %d", maxGenerateAccounts, o.Accounts)
	case o.OUs < 0 || o.OUs > maxGenerateOUs:
		return fmt.Errorf("sandbox: OUs must be 0 to %d, got %d", maxGenerateOUs, o.OUs)
	case o.Policies < 0:
		return fmt.Errorf("sandbox: policies must be 0 or more, got %d", o.Policies)
	}
	total := 0
	types := o.PolicyTypes
	if len(types) == 0 {
		types = DefaultGeneratePolicyTypes
	}
	for _, t := range types {
		info, ok := policyTypes[t]
		if !ok {
			return fmt.Errorf("sandbox: unknown policy type %q", t)
		}
		if info.servicePrincipal != "" {
			return fmt.Errorf("sandbox: generate does not enable %s, which needs trusted access first", t)
		}
		total += info.maxPolicies
	}
	if o.Policies > total {
		return fmt.Errorf("sandbox: at most %d policies fit in these policy types, got %d", total, o.Policies)
	}
	if len(o.Tags) > maxTags/2 {
		return fmt.Errorf("sandbox: at most %d tags for every resource", maxTags/2)
	}
	for k, v := range o.Tags {
		if k == "" || len([]rune(k)) > 128 || len([]rune(v)) > 256 || !reTagText.MatchString(k) || !reTagText.MatchString(v) {
			return fmt.Errorf("sandbox: tag %q=%q is not one AWS accepts", k, v)
		}
	}
	return nil
}

// generator holds one Generate's work.
type generator struct {
	w   *sandbox.State
	st  *state
	o   GenerateOptions
	rng *rand.Rand
	ids map[string]bool
	out Generated

	ous      []*orgUnit
	depth    map[string]int
	accounts []*account
	byType   map[string][]*policy
}

func (g *generator) run() {
	g.depth = map[string]int{g.st.Root.ID: 0}
	g.byType = map[string][]*policy{}
	g.enableTypes()
	g.makeOUs()
	g.makeAccounts()
	g.makePolicies()
	g.attachAll()
	g.trustedAccess()
	g.setTags(g.st.Root.ID, g.randomTags(2, false))
}

// setTags records tags; the state holds no entry for a resource without.
func (g *generator) setTags(id string, tags []tag) {
	if len(tags) > 0 {
		g.st.Tags[id] = tags
	}
}

// enableTypes enables the policy types, attaching their defaults to the
// root and the management account as AWS does.
func (g *generator) enableTypes() {
	for _, t := range g.o.PolicyTypes {
		g.st.PolicyTypes[t] = &policyTypeState{Status: statusEnabled, DueAt: g.st.Org.CreatedAt, Seq: g.st.nextSeq()}
	}
	g.st.attachDefaults(g.st.Root.ID)
	g.st.attachDefaults(g.st.mgmtID())
}

// newID draws IDs from the seeded generator, so a seed gives the same IDs.
func (g *generator) newID(prefix, alphabet string, n int) string {
	for {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[g.rng.IntN(len(alphabet))]
		}
		id := prefix + string(b)
		if !g.ids[id] && g.st.Accounts[id] == nil {
			g.ids[id] = true
			return id
		}
	}
}

func (g *generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

var ouWords = []string{
	"Workloads", "Prod", "Dev", "Staging", "Test", "Security", "Infrastructure", "Sandbox",
	"Shared Services", "Data & Analytics", "Platform", "Payments", "Networking", "Suspended",
	"Équipe Données", "研究開発", "Team+Ops", "Legacy (2019)", "PCI-DSS", "R&D", "Edge.eu", "Ünits",
}

func (g *generator) makeOUs() {
	siblings := map[string]map[string]bool{}
	var open []*orgUnit // OUs that may have children
	for i := range g.o.OUs {
		parent := g.st.Root.ID
		switch {
		case i > 0 && i < 5:
			parent = g.ous[i-1].ID // the chain down to depth 5
		case i >= 5 && len(open) > 0 && g.rng.IntN(4) > 0:
			parent = open[g.rng.IntN(len(open))].ID
		}
		name := g.pick(ouWords)
		if siblings[parent] == nil {
			siblings[parent] = map[string]bool{}
		}
		for n := 2; siblings[parent][name]; n++ {
			name = fmt.Sprintf("%s %d", g.pick(ouWords), n)
		}
		siblings[parent][name] = true
		ou := &orgUnit{
			ID: g.newID("ou-"+g.st.Root.ID[len("r-"):]+"-", sandbox.LowerAlnum, 8), Name: name, ParentID: parent,
			CreatedAt: g.st.Org.CreatedAt, Seq: g.st.nextSeq(),
		}
		g.st.OUs[ou.ID] = ou
		g.ous = append(g.ous, ou)
		d := g.depth[parent] + 1
		g.depth[ou.ID] = d
		g.out.MaxDepth = max(g.out.MaxDepth, d)
		if d < 5 {
			open = append(open, ou)
		}
		g.setTags(ou.ID, g.randomTags(g.rng.IntN(3)*g.rng.IntN(2), true))
		g.st.attachDefaults(ou.ID)
	}
	g.out.OUs = len(g.ous)
}

var (
	nonZero      = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}
	accountWords = []string{"payments", "data", "web", "ml", "logs", "audit", "network", "identity", "search", "mobile", "billing", "batch"}
	envWords     = []string{"prod", "dev", "staging", "test", "sandbox"}
	domains      = []string{"acme.example", "example.com", "corp.example.org"}
)

// makeAccounts spreads the accounts: a fifth of the OUs stay empty, the
// others get shares that fall off steeply (a Zipf-like weight by a random
// rank), so a few OUs hold most accounts.
func (g *generator) makeAccounts() {
	parents := []string{g.st.Root.ID}
	for _, ou := range g.ous {
		parents = append(parents, ou.ID)
	}
	g.rng.Shuffle(len(parents), func(i, j int) { parents[i], parents[j] = parents[j], parents[i] })
	keep := parents[:len(parents)-len(g.ous)/5]
	cum := make([]float64, len(keep))
	total := 0.0
	for i := range keep {
		total += 1 / math.Pow(float64(i+1), 1.2)
		cum[i] = total
	}
	for i := range g.o.Accounts {
		k := sort.SearchFloat64s(cum, g.rng.Float64()*total)
		parent := keep[min(k, len(keep)-1)]
		word, env := g.pick(accountWords), g.pick(envWords)
		name := fmt.Sprintf("%s-%s-%05d", word, env, i)
		if g.rng.IntN(8) == 0 {
			name = fmt.Sprintf("%s (%s) #%d", strings.ToUpper(word[:1])+word[1:], env, i)
		}
		local := fmt.Sprintf("aws+%s.%s-%05d", word, env, i)
		a := &account{
			ID: g.newID(g.pick(nonZero), sandbox.Digits, 11), Name: name, Email: local + "@" + g.pick(domains),
			ParentID: parent, State: accountActive, JoinedMethod: "CREATED", JoinedAt: g.st.Org.CreatedAt,
			Seq: g.st.nextSeq(),
		}
		g.st.Accounts[a.ID] = a
		g.w.PutRole(a.ID, accountRole(g.st, defaultRoleName, g.newID("AROA", sandbox.UpperAlnum, 17)))
		g.accounts = append(g.accounts, a)
		g.setTags(a.ID, g.randomTags(1+g.rng.IntN(5), true))
		g.st.attachDefaults(a.ID)
	}
	g.out.Accounts = len(g.accounts)
}

var (
	tagKeys = []string{
		"owner", "cost-center", "environment", "team name", "data:classification", "app/component",
		"backup+plan", "contact@email", "Kostenstelle", "équipe", "プロジェクト", "x.y_z", "a=b",
		"compliance:pci-dss", "Name", "version",
	}
	tagValues = []string{
		"", "platform", "1000", "2000", "prod", "alice@example.com", "/srv/app", "a+b=c",
		"Données sensibles", "東京", "v1.2.3", "yes", "no", "true", "null", "trailing space ",
		" leading", "-", ":", "@@", "=", "0x1F", "1e3", "2026-01-01", "Ünïcödé ünd spaces",
	}
)

// randomTags returns the options' tags, when owned is set, and n random
// ones with other keys.
func (g *generator) randomTags(n int, owned bool) []tag {
	var out []tag
	seen := map[string]bool{}
	if owned {
		for _, k := range slices.Sorted(maps.Keys(g.o.Tags)) {
			out = append(out, tag{Key: k, Value: g.o.Tags[k]})
			seen[k] = true
		}
	}
	for range n {
		k := g.pick(tagKeys)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, tag{Key: k, Value: g.pick(tagValues)})
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

var shortType = map[string]string{
	"SERVICE_CONTROL_POLICY": "scp", "RESOURCE_CONTROL_POLICY": "rcp", "TAG_POLICY": "tag",
	"BACKUP_POLICY": "backup", "AISERVICES_OPT_OUT_POLICY": "ai-opt-out",
}

var policyWords = []string{"baseline", "deny regions", "guardrail", "protect-logs", "cost center", "données", "tier-1", "root-lockdown"}

// makePolicies creates the policies: one of each type first, then half
// of the rest SCPs and the other half spread over the other types.
func (g *generator) makePolicies() {
	types := g.o.PolicyTypes
	for i := range g.o.Policies {
		typ := types[i%len(types)]
		if i >= len(types) && g.rng.IntN(2) == 0 {
			typ = types[0]
		}
		if len(g.byType[typ]) >= policyTypes[typ].maxPolicies {
			typ = g.typeWithRoom()
		}
		short := shortType[typ]
		if short == "" {
			short = strings.ToLower(typ)
		}
		name := fmt.Sprintf("%s-%s-%03d", short, strings.ReplaceAll(g.pick(policyWords), " ", "-"), i)
		if g.rng.IntN(10) == 0 {
			name = fmt.Sprintf("%s: %s (n°%d)", strings.ToUpper(short), g.pick(policyWords), i)
		}
		desc := ""
		if g.rng.IntN(10) < 7 {
			desc = fmt.Sprintf("Generated %s policy %d: %s.", short, i, g.pick(policyWords))
		}
		p := &policy{
			ID: g.newID("p-", sandbox.LowerAlnum, 8), Name: name, Description: desc, Type: typ,
			Content: g.document(typ, i), Seq: g.st.nextSeq(),
		}
		g.st.Policies[p.ID] = p
		g.byType[typ] = append(g.byType[typ], p)
		g.setTags(p.ID, g.randomTags(g.rng.IntN(3)*g.rng.IntN(2), true))
		g.out.Policies++
	}
}

func (g *generator) typeWithRoom() string {
	for _, t := range g.o.PolicyTypes {
		if len(g.byType[t]) < policyTypes[t].maxPolicies {
			return t
		}
	}
	return g.o.PolicyTypes[0] // check ensured there is room
}

var (
	awsServices = []string{"s3", "ec2", "iam", "kms", "cloudtrail", "guardduty", "config", "organizations", "lambda", "rds"}
	regions     = []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"}
)

// document returns a valid document of the type, as compact JSON, far
// below the type's size limit.
func (g *generator) document(typ string, i int) string {
	var doc any
	switch typ {
	case "SERVICE_CONTROL_POLICY":
		var actions []string
		for range 1 + g.rng.IntN(4) {
			actions = append(actions, g.pick(awsServices)+":"+g.pick([]string{"Delete*", "Stop*", "Disable*", "Put*", "Update*"}))
		}
		doc = ordered{{"Version", "2012-10-17"}, {"Statement", []any{ordered{
			{"Sid", fmt.Sprintf("Generated%d", i)}, {"Effect", "Deny"}, {"Action", actions}, {"Resource", "*"},
			{"Condition", ordered{{"StringNotEquals", ordered{{"aws:RequestedRegion", []string{g.pick(regions), g.pick(regions)}}}}}},
		}}}}
	case "RESOURCE_CONTROL_POLICY":
		doc = ordered{{"Version", "2012-10-17"}, {"Statement", []any{ordered{
			{"Sid", fmt.Sprintf("EnforceTLS%d", i)}, {"Effect", "Deny"}, {"Principal", "*"},
			{"Action", g.pick([]string{"s3:*", "sqs:*", "kms:*", "secretsmanager:*"})}, {"Resource", "*"},
			{"Condition", ordered{{"BoolIfExists", ordered{{"aws:SecureTransport", "false"}}}}},
		}}}}
	case "TAG_POLICY":
		key := strings.ReplaceAll(g.pick(tagKeys[:3]), "-", "")
		doc = ordered{{"tags", ordered{{fmt.Sprintf("%s%d", key, i), ordered{
			{"tag_key", ordered{{"@@assign", key}}},
			{"tag_value", ordered{{"@@assign", []string{fmt.Sprint(1000 + g.rng.IntN(9000)), fmt.Sprint(1000 + g.rng.IntN(9000))}}}},
		}}}}}
	case "BACKUP_POLICY":
		doc = ordered{{"plans", ordered{{fmt.Sprintf("plan-%d", i), ordered{
			{"regions", ordered{{"@@assign", []string{g.pick(regions)}}}},
			{"rules", ordered{{"daily", ordered{
				{"schedule_expression", ordered{{"@@assign", fmt.Sprintf("cron(0 %d ? * * *)", g.rng.IntN(24))}}},
				{"target_backup_vault_name", ordered{{"@@assign", "Default"}}},
				{"lifecycle", ordered{{"delete_after_days", ordered{{"@@assign", fmt.Sprint(7 + g.rng.IntN(90))}}}}},
			}}}},
		}}}}}
	case "AISERVICES_OPT_OUT_POLICY":
		doc = ordered{{"services", ordered{{g.pick([]string{"default", "rekognition", "lex", "comprehend"}), ordered{
			{"opt_out_policy", ordered{{"@@assign", g.pick([]string{"optOut", "optIn"})}}},
		}}}}}
	default:
		doc = ordered{{"generated", i}}
	}
	b, _ := json.Marshal(doc)
	return string(b)
}

// ordered is a JSON object that keeps its keys in the order written, as
// people write policy documents (Version before Statement).
type ordered []struct {
	k string
	v any
}

func (o ordered) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(kv.k)
		v, err := json.Marshal(kv.v)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// attachAll attaches policies at every level within each type's limit per
// target: one or two of each type on the root, on the five OUs of the chain
// and on the first account; on other OUs often, on one account in six.
// Some targets with their own SCPs lose FullAWSAccess.
func (g *generator) attachAll() {
	g.attachTo(g.st.Root.ID, 1, 2, false)
	for i, ou := range g.ous {
		if i < 5 {
			g.attachTo(ou.ID, 1, 2, true)
		} else if g.rng.IntN(10) < 7 {
			g.attachTo(ou.ID, 0, 2, true)
		}
	}
	for i, a := range g.accounts {
		if i == 0 {
			g.attachTo(a.ID, 1, 1, true)
		} else if g.rng.IntN(6) == 0 {
			g.attachTo(a.ID, 0, 1, true)
		}
	}
}

// attachTo attaches lo..hi random policies of each type to target and,
// when mayReplace, sometimes detaches FullAWSAccess where an SCP of its
// own took over.
func (g *generator) attachTo(target string, lo, hi int, mayReplace bool) {
	for _, typ := range g.o.PolicyTypes {
		pool := g.byType[typ]
		room := policyTypes[typ].maxPerTarget - g.st.attachedOfType(target, typ)
		n := min(lo+g.rng.IntN(hi-lo+1), room, len(pool))
		for _, j := range g.rng.Perm(len(pool))[:n] {
			g.st.attach(target, pool[j].ID)
			g.out.Attachments++
		}
		if typ == "SERVICE_CONTROL_POLICY" && mayReplace && n > 0 && g.rng.IntN(4) == 0 {
			g.st.detach(target, "p-FullAWSAccess")
		}
	}
}

var generatedPrincipals = []string{
	"config.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com", "sso.amazonaws.com",
	"ram.amazonaws.com", "tagpolicies.tag.amazonaws.com", "backup.amazonaws.com",
}

func (g *generator) trustedAccess() {
	for _, j := range g.rng.Perm(len(generatedPrincipals))[:1+g.rng.IntN(3)] {
		g.st.ServiceAccess[generatedPrincipals[j]] = g.st.Org.CreatedAt
	}
}
