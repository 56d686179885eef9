/** Contact kinds (PO-4, CB-1). */
export const CONTACT_KINDS = ['inbound', 'callback', 'webCallback', 'outdial', 'outdialPreview'] as const;

/** How a contact came about. */
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** Callbacks show phone, queue and DNIS instead of admin variables (PO-4, CB-1). */
export const isCallback = (kind: ContactKind): boolean => kind === 'callback' || kind === 'webCallback';
