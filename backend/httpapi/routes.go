package httpapi

import "net/http"

// Public marks a route that needs no sign-in (sign-in itself, health,
// provider webhooks). Every other route names the permission it needs.
const Public = "public"

// Route is one entry of the route table.
type Route struct {
	Method  string
	Pattern string
	// Perm is "object:action" checked by casbin for the caller's role, or Public.
	Perm    string
	Handler http.HandlerFunc
}

// Routes is the route table of the foundation areas. Later areas add their
// own tables through API.Extra.
func (a *API) Routes() []Route {
	return []Route{
		{"GET", "/healthz", Public, a.healthz},
		{"GET", "/readyz", Public, a.readyz},
		{"GET", "/api/openapi.json", Public, a.openAPI},
		{"POST", "/api/auth/login", Public, a.login},
		{"POST", "/api/auth/logout", "profile:read", a.logout},
		{"GET", "/api/me", "profile:read", a.me},
		{"GET", "/api/ws", "profile:read", a.websocket},

		{"GET", "/api/users", "users:read", a.listUsers},
		{"POST", "/api/users", "users:write", a.createUser},
		{"GET", "/api/users/{id}", "users:read", a.getUser},
		{"PATCH", "/api/users/{id}", "users:write", a.updateUser},

		{"GET", "/api/tokens", "tokens:read", a.listTokens},
		{"POST", "/api/tokens", "tokens:write", a.createToken},
		{"DELETE", "/api/tokens/{id}", "tokens:write", a.revokeToken},

		{"GET", "/api/channels", "channels:read", a.listChannels},
		{"POST", "/api/channels", "channels:write", a.createChannel},
		{"GET", "/api/channels/{id}", "channels:read", a.getChannel},
		{"PATCH", "/api/channels/{id}", "channels:write", a.updateChannel},
		{"POST", "/api/channels/{id}/senders", "channels:write", a.addSender},
		{"DELETE", "/api/channels/{id}/senders/{senderID}", "channels:write", a.removeSender},
		{"GET", "/webhooks/whatsapp/{channelID}", Public, a.whatsappHandshake},
		{"POST", "/webhooks/whatsapp/{channelID}", Public, a.whatsappWebhook},
		{"POST", "/webhooks/twilio/{channelID}", Public, a.twilioWebhook},
		{"GET", "/media/{token}", Public, a.publicMedia},
		{"GET", "/l/{code}", Public, a.followLink},
		{"HEAD", "/l/{code}", Public, a.followLink},

		{"GET", "/api/agents", "queues:read", a.listAgents},
		{"GET", "/api/conversations", "conversations:read", a.listConversations},
		{"GET", "/api/conversations/{id}", "conversations:read", a.getConversation},
		{"PATCH", "/api/conversations/{id}", "conversations:write", a.updateConversation},
		{"POST", "/api/conversations/{id}/read", "conversations:write", a.markConversationRead},
		{"GET", "/api/conversations/{id}/messages", "conversations:read", a.listMessages},
		{"POST", "/api/conversations/{id}/messages", "conversations:write", a.sendMessage},
		{"POST", "/api/messages/{id}/retry", "conversations:write", a.retryMessage},
		{"GET", "/api/messages/{id}/media", "conversations:read", a.messageMedia},

		{"GET", "/api/contacts", "contacts:read", a.listContacts},
		{"POST", "/api/contacts", "contacts:write", a.createContact},
		{"POST", "/api/contacts/bulk", "contacts:write", a.bulkContacts},
		{"POST", "/api/contacts/merge", "contacts:delete", a.mergeContacts},
		{"GET", "/api/contacts/{id}", "contacts:read", a.getContact},
		{"POST", "/api/contacts/imports", "contacts:import", a.createContactImport},
		{"GET", "/api/contacts/imports/{id}", "contacts:import", a.getContactImport},
		{"GET", "/api/contacts/imports/{id}/errors.csv", "contacts:import", a.contactImportErrors},
		{"GET", "/api/contacts/export", "contacts:export", a.exportContacts},
		{"PATCH", "/api/contacts/{id}", "contacts:write", a.updateContact},
		{"DELETE", "/api/contacts/{id}", "contacts:delete", a.deleteContact},
		{"GET", "/api/contact-attributes", "contacts:read", a.listContactAttributes},
		{"POST", "/api/contact-attributes", "settings:write", a.createContactAttribute},
		{"PATCH", "/api/contact-attributes/{id}", "settings:write", a.updateContactAttribute},
		{"DELETE", "/api/contact-attributes/{id}", "settings:write", a.deleteContactAttribute},
		{"GET", "/api/account/settings", "profile:read", a.getAccountSettings},
		{"PATCH", "/api/account/settings", "settings:write", a.updateAccountSettings},
		{"GET", "/api/me/preferences/{key}", "profile:read", a.getPreference},
		{"PUT", "/api/me/preferences/{key}", "profile:read", a.setPreference},

		{"GET", "/api/queues", "queues:read", a.listQueues},
		{"POST", "/api/queues", "queues:write", a.createQueue},
		{"GET", "/api/queues/{id}", "queues:read", a.getQueue},
		{"PATCH", "/api/queues/{id}", "queues:write", a.updateQueue},
		{"DELETE", "/api/queues/{id}", "queues:write", a.deleteQueue},
		{"PUT", "/api/queues/{id}/members", "queues:write", a.setQueueMembers},
		{"PUT", "/api/senders/{senderID}/route", "queues:write", a.setSenderRoute},
		{"POST", "/api/conversations/{id}/transfer", "conversations:assign", a.transferConversation},
		{"POST", "/api/conversations/{id}/claim", "conversations:assign", a.claimConversation},
		{"GET", "/api/conversations/{id}/history", "conversations:read", a.conversationHistory},
		{"GET", "/api/presence", "queues:read", a.listPresence},
		{"PUT", "/api/presence/me", "presence:write", a.setMyPresence},
		{"GET", "/api/routing/overview", "conversations:supervise", a.routingOverview},

		{"GET", "/api/sandbox", "sandbox:use", a.sandboxInfo},
		{"POST", "/api/sandbox/messages", "sandbox:use", a.sandboxSend},
		{"GET", "/api/sandbox/messages", "sandbox:use", a.sandboxThread},
		{"POST", "/api/sandbox/read", "sandbox:use", a.sandboxRead},
		{"GET", "/api/sandbox/media/{id}", "sandbox:use", a.sandboxMedia},

		{"GET", "/api/templates", "templates:read", a.listTemplates},
		{"POST", "/api/channels/{id}/templates/sync", "templates:write", a.syncTemplates},
		{"POST", "/api/conversations", "conversations:write", a.startConversation},
		{"POST", "/api/conversations/{id}/templates", "conversations:write", a.sendTemplate},
		{"GET", "/api/sms-templates", "templates:read", a.listSMSTemplates},
		{"POST", "/api/sms-templates", "templates:write", a.createSMSTemplate},
		{"PATCH", "/api/sms-templates/{id}", "templates:write", a.updateSMSTemplate},
		{"DELETE", "/api/sms-templates/{id}", "templates:write", a.deleteSMSTemplate},
		{"POST", "/api/conversations/{id}/sms-templates/{templateID}/render", "conversations:read", a.renderSMSTemplate},

		{"GET", "/api/canned-responses", "canned:read", a.listCanned},
		{"POST", "/api/canned-responses", "canned:write", a.createCanned},
		{"GET", "/api/canned-responses/{id}", "canned:read", a.getCanned},
		{"PATCH", "/api/canned-responses/{id}", "canned:write", a.updateCanned},
		{"DELETE", "/api/canned-responses/{id}", "canned:write", a.deleteCanned},
		{"GET", "/api/canned-responses/{id}/attachment", "canned:read", a.cannedAttachment},
		{"PUT", "/api/canned-responses/{id}/attachment", "canned:write", a.setCannedAttachment},
		{"DELETE", "/api/canned-responses/{id}/attachment", "canned:write", a.removeCannedAttachment},
		{"POST", "/api/conversations/{id}/canned-responses/{cannedID}/render", "canned:read", a.renderCanned},

		{"GET", "/api/labels", "labels:read", a.listLabels},
		{"POST", "/api/labels", "labels:write", a.createLabel},
		{"PATCH", "/api/labels/{id}", "labels:write", a.updateLabel},
		{"DELETE", "/api/labels/{id}", "labels:write", a.deleteLabel},
		{"POST", "/api/conversations/{id}/labels", "labels:apply", a.labelConversation},
		{"DELETE", "/api/conversations/{id}/labels/{labelID}", "labels:apply", a.unlabelConversation},
		{"GET", "/api/contacts/{id}/labels", "labels:read", a.contactLabels},
		{"POST", "/api/contacts/{id}/labels", "labels:apply", a.labelContact},
		{"DELETE", "/api/contacts/{id}/labels/{labelID}", "labels:apply", a.unlabelContact},

		{"GET", "/api/consents", "consent:read", a.listConsents},
		{"POST", "/api/consents", "consent:write", a.addConsent},
		{"POST", "/api/consents/revoke", "consent:write", a.revokeConsent},
		{"GET", "/api/consents/history", "consent:read", a.consentHistory},
		{"GET", "/api/consents/export", "consent:read", a.exportConsents},
		{"GET", "/api/account/consent-settings", "profile:read", a.consentSettings},
		{"PATCH", "/api/account/consent-settings", "settings:write", a.updateConsentSettings},

		{"GET", "/api/groups", "groups:read", a.listGroups},
		{"POST", "/api/groups", "groups:write", a.createGroup},
		{"GET", "/api/groups/{id}", "groups:read", a.getGroup},
		{"PATCH", "/api/groups/{id}", "groups:write", a.updateGroup},
		{"DELETE", "/api/groups/{id}", "groups:write", a.deleteGroup},
		{"GET", "/api/groups/{id}/members", "groups:read", a.groupMembers},
		{"POST", "/api/groups/{id}/members", "groups:write", a.addGroupMembers},
		{"DELETE", "/api/groups/{id}/members", "groups:write", a.removeGroupMembers},
		{"GET", "/api/groups/{id}/history", "groups:read", a.groupHistory},

		{"GET", "/api/campaigns", "campaigns:read", a.listCampaigns},
		{"POST", "/api/campaigns", "campaigns:write", a.createCampaign},
		{"POST", "/api/campaigns/preview", "campaigns:write", a.previewCampaign},
		{"POST", "/api/campaigns/recipient-files", "campaigns:write", a.createCampaignFile},
		{"POST", "/api/campaigns/media", "campaigns:write", a.createCampaignMedia},
		{"GET", "/api/campaigns/{id}", "campaigns:read", a.getCampaign},
		{"PATCH", "/api/campaigns/{id}", "campaigns:write", a.updateCampaign},
		{"DELETE", "/api/campaigns/{id}", "campaigns:write", a.deleteCampaign},
		{"POST", "/api/campaigns/{id}/pause", "campaigns:write", a.pauseCampaign},
		{"POST", "/api/campaigns/{id}/resume", "campaigns:write", a.resumeCampaign},
		{"POST", "/api/campaigns/{id}/stop", "campaigns:write", a.stopCampaign},
		{"POST", "/api/campaigns/{id}/retry", "campaigns:write", a.retryCampaign},
		{"POST", "/api/campaigns/{id}/duplicate", "campaigns:write", a.duplicateCampaign},
		{"GET", "/api/campaigns/{id}/recipients", "campaigns:read", a.campaignRecipients},
		{"GET", "/api/campaigns/{id}/recipients/export", "campaigns:read", a.exportCampaignRecipients},
		{"GET", "/api/contacts/{id}/campaign-messages", "campaigns:read", a.contactCampaignMessages},
	}
}
