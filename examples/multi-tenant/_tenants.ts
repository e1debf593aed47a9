// The tenants of the real-estate platform; each gets a namespace and a portal of its own.
export const TENANTS = ["acme-homes", "globex-realty"] as const;

export const tenantNamespace = (tenant: string) => `tenant-${tenant}`;
