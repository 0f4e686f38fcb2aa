package fmspolicies

// In returns the policy as it is made in region: its own fields, with
// those its override for region writes in their place.
func (p FirewallPolicy) In(region string) FirewallPolicy {
	o, ok := p.Overrides[region]
	if !ok {
		return p
	}
	e := p
	if o.Description != nil {
		e.Description = *o.Description
	}
	if o.ResourceTypes != nil {
		e.ResourceTypes = o.ResourceTypes
	}
	if o.ManagedServiceData != nil {
		e.ManagedServiceData = o.ManagedServiceData
	}
	if o.Remediation != nil {
		e.Remediation = *o.Remediation
	}
	if o.DeleteUnusedResources != nil {
		e.DeleteUnusedResources = *o.DeleteUnusedResources
	}
	if o.Include != nil || o.Exclude != nil {
		e.Include, e.Exclude = o.Include, o.Exclude
	}
	if o.ResourceTags != nil {
		e.ResourceTags = o.ResourceTags
	}
	if o.ExcludeResourceTags != nil {
		e.ExcludeResourceTags = *o.ExcludeResourceTags
	}
	return e
}

// overridden lists the fields o writes, by their YAML keys.
func (o Override) overridden() map[string]bool {
	return map[string]bool{
		"description":           o.Description != nil,
		"resourceTypes":         o.ResourceTypes != nil,
		"managedServiceData":    o.ManagedServiceData != nil,
		"remediation":           o.Remediation != nil,
		"deleteUnusedResources": o.DeleteUnusedResources != nil,
		"include":               o.Include != nil,
		"exclude":               o.Exclude != nil,
		"resourceTags":          o.ResourceTags != nil,
		"excludeResourceTags":   o.ExcludeResourceTags != nil,
	}
}
