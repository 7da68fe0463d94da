/**
 * Baton: forward Google Form submissions to Baton's lead webhook.
 *
 * Google Forms has no webhooks of its own. This script runs on the form's "On form submit"
 * trigger and posts each response to Baton as JSON:
 *
 *   POST <BATON_URL>/webhooks/lead?source=google-forms
 *   Authorization: Bearer <BATON_TOKEN>
 *   {
 *     "source": "google-forms",
 *     "responseId": "2_ABaOnud...",            // the idempotency key: a retried post never makes a second lead
 *     "formId": "1FAIpQLSe...",
 *     "formTitle": "Contact us",
 *     "submittedAt": "2024-05-01T10:00:00.000Z",
 *     "respondentEmail": "budi@example.com",   // only when the form collects email addresses
 *     "answers": {                              // question title -> answer
 *       "Full name": "Budi Santoso",            // short/long text, multiple choice, dropdown, scale, date: a string
 *       "Phone / WhatsApp": "0812-3456-789",
 *       "Interested in": ["CRM", "Support"]     // checkboxes: a list of strings
 *     }
 *   }
 *
 * Baton finds name / phone / email / company / source by the question titles ("Name", "Full name",
 * "Phone", "WhatsApp", "Email", "Company", ...), so keep the titles plain.
 *
 * INSTALL (about 3 minutes; you need edit access to the form):
 *   1. Open the form in Google Forms -> ⋮ (More) -> Apps Script. A script project bound to the
 *      form opens. Replace the contents of Code.gs with this whole file and click Save.
 *   2. Project Settings (gear icon) -> Script Properties -> Add script property, twice:
 *        BATON_URL    = https://YOUR-HOST        (where Baton runs; no trailing /webhooks/lead needed)
 *        BATON_TOKEN  = the value of INTAKE_TOKEN in Baton's environment
 *      The token stays in Script Properties, not in the code, so sharing the script does not leak it.
 *   3. Triggers (alarm-clock icon) -> Add Trigger:
 *        function: onFormSubmit, deployment: Head, event source: From form, event type: On form submit.
 *      Save, and allow the permissions Google asks for ("connect to an external service" is
 *      UrlFetchApp; "view and manage your forms" is reading the response).
 *   4. Optional: run testBaton from the editor (select it, click Run). It posts a made-up lead
 *      ("Apps Script test") and logs Baton's answer under Executions. Delete that lead afterwards.
 *   5. Submit the form once yourself and check that the lead appears in lead_sheet and in Slack.
 *
 * FAILURES: every attempt is logged (Executions in the Apps Script editor). Network errors, 429 and
 * 5xx answers are retried three times with a growing pause; a refused post (401 wrong token, 400
 * unreadable lead) is not retried. If all attempts fail the function throws, so Google emails the
 * trigger's owner a failure summary (set how often under Triggers -> the trigger -> Notifications).
 */

var BATON_MAX_ATTEMPTS = 3;

/** The trigger target: "On form submit" passes the FormResponse in e.response. */
function onFormSubmit(e) {
  if (!e || !e.response) {
    throw new Error('onFormSubmit must run from the form\'s "On form submit" trigger (see INSTALL at the top), not from the editor. Use testBaton to try it by hand.');
  }
  var form = e.source || FormApp.getActiveForm();
  var response = e.response;
  var payload = {
    source: 'google-forms',
    responseId: response.getId(),
    formId: form.getId(),
    formTitle: form.getTitle(),
    submittedAt: response.getTimestamp().toISOString(),
    answers: batonAnswers_(response)
  };
  var email = response.getRespondentEmail();
  if (email) payload.respondentEmail = email;
  batonPost_(payload);
}

/** Question title -> answer. Grids and file uploads carry nothing Baton reads, so they are left out. */
function batonAnswers_(response) {
  var skipped = [FormApp.ItemType.GRID, FormApp.ItemType.CHECKBOX_GRID, FormApp.ItemType.FILE_UPLOAD];
  var answers = {};
  var items = response.getItemResponses();
  for (var i = 0; i < items.length; i++) {
    var item = items[i].getItem();
    if (skipped.indexOf(item.getType()) !== -1) continue;
    var value = items[i].getResponse();
    if (value === null || value === undefined || value === '') continue;
    answers[item.getTitle()] = Array.isArray(value) ? value.map(String) : String(value); // checkboxes: a list
  }
  return answers;
}

/** Posts to Baton with the token; retries what is worth retrying. Throws when Baton never took it. */
function batonPost_(payload) {
  var props = PropertiesService.getScriptProperties();
  var base = String(props.getProperty('BATON_URL') || '').trim();
  var token = String(props.getProperty('BATON_TOKEN') || '').trim();
  if (!base || !token) {
    throw new Error('Set the Script Properties BATON_URL and BATON_TOKEN (Project Settings -> Script Properties).');
  }
  var url = base.indexOf('/webhooks/') === -1 ? base.replace(/\/+$/, '') + '/webhooks/lead?source=google-forms' : base;
  var options = {
    method: 'post',
    contentType: 'application/json',
    headers: { Authorization: 'Bearer ' + token },
    payload: JSON.stringify(payload),
    muteHttpExceptions: true,   // read the status ourselves instead of UrlFetchApp throwing on 4xx/5xx
    followRedirects: false      // a redirect would drop the POST body; BATON_URL must be the final address
  };

  var last = '';
  for (var attempt = 1; attempt <= BATON_MAX_ATTEMPTS; attempt++) {
    try {
      var res = UrlFetchApp.fetch(url, options);
      var status = res.getResponseCode();
      var body = res.getContentText().slice(0, 500);
      if (status >= 200 && status < 300) {
        // 201 = new lead, 200 = Baton already had this responseId (a retry): both mean done.
        console.log('Baton took response ' + payload.responseId + ' (HTTP ' + status + '): ' + body);
        return;
      }
      last = 'HTTP ' + status + ': ' + body;
      if (status !== 429 && status < 500) {
        // 401: BATON_TOKEN differs from INTAKE_TOKEN. 400/415/422: Baton could not read the lead.
        throw new BatonRefused_('Baton refused response ' + payload.responseId + ' (' + last + ')');
      }
    } catch (err) {
      if (err instanceof BatonRefused_) throw err;
      last = String(err && err.message ? err.message : err); // DNS, timeout, connection refused
    }
    console.warn('Baton attempt ' + attempt + ' of ' + BATON_MAX_ATTEMPTS + ' failed: ' + last);
    if (attempt < BATON_MAX_ATTEMPTS) Utilities.sleep(2000 * attempt);
  }
  throw new Error('Baton did not take response ' + payload.responseId + ' after ' + BATON_MAX_ATTEMPTS + ' attempts (' + last + '). Check that Baton runs at BATON_URL.');
}

function BatonRefused_(message) {
  this.name = 'BatonRefused';
  this.message = message;
  this.stack = new Error(message).stack;
}
BatonRefused_.prototype = Object.create(Error.prototype);
BatonRefused_.prototype.constructor = BatonRefused_;

/** Run by hand from the editor: sends one made-up submission and logs Baton's answer. */
function testBaton() {
  batonPost_({
    source: 'google-forms',
    responseId: 'apps-script-test-' + new Date().getTime(),
    formTitle: 'Apps Script test',
    submittedAt: new Date().toISOString(),
    answers: { 'Name': 'Apps Script test', 'Phone': '+1 415 555 2671', 'Email': 'test@example.com', 'Source': 'apps-script-test' }
  });
}
