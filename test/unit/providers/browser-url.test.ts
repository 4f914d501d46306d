import assert from 'node:assert/strict';
import { browserSurelyOpened, copyOfferMessage, keepOriginalPath } from '../../../src/providers/browser-url';

describe('handing a URL to the browser (pure)', () => {
  const inbox = 'http://127.0.0.1:4010/app/accounts/3/inbox';

  it("puts the path back under code-server's port proxy, which drops it", () => {
    assert.equal(
      keepOriginalPath(inbox, 'http://127.0.0.1:8080/proxy/4010/'),
      'http://127.0.0.1:8080/proxy/4010/app/accounts/3/inbox',
    );
    // A proxy domain (`--proxy-domain`, VSCODE_PROXY_URI=//{{port}}.code.example.com) has no path of its own.
    assert.equal(
      keepOriginalPath(inbox, 'https://4010.code.example.com/'),
      'https://4010.code.example.com/app/accounts/3/inbox',
    );
    assert.equal(
      keepOriginalPath('http://localhost:4010/app?tab=open#c1', 'https://code.example.com/proxy/4010/'),
      'https://code.example.com/proxy/4010/app?tab=open#c1',
    );
  });

  it('leaves a URL alone when the resolver kept its path, or did not change it', () => {
    assert.equal(keepOriginalPath(inbox, inbox), inbox);
    // Desktop remotes forward the port and keep the path.
    assert.equal(
      keepOriginalPath(inbox, 'http://localhost:53122/app/accounts/3/inbox'),
      'http://localhost:53122/app/accounts/3/inbox',
    );
    assert.equal(
      keepOriginalPath('http://127.0.0.1:4010/', 'http://127.0.0.1:8080/proxy/4010/'),
      'http://127.0.0.1:8080/proxy/4010/',
    );
    assert.equal(
      keepOriginalPath('https://chatwoot.example.com/app/accounts/1/inbox', 'not a url'),
      'not a url',
    );
  });

  it('is sure the browser opened the URL only in a desktop VS Code that says it did', () => {
    assert.equal(browserSurelyOpened('desktop', true), true);
    assert.equal(browserSurelyOpened('desktop', false), false);
    assert.equal(browserSurelyOpened('web', true), false, 'window.open in a browser tab reports nothing');
    assert.equal(browserSurelyOpened('web', false), false);
  });

  it('the offer names the page and shows the URL to copy', () => {
    const url = 'http://127.0.0.1:8080/proxy/4010/app/accounts/3/inbox';
    assert.equal(
      copyOfferMessage('the inbox of "Support Concierge"', url, true),
      `Opened the inbox of "Support Concierge" in a new browser tab. If no tab appeared (a pop-up blocker can stop it), copy the URL: ${url}`,
    );
    assert.match(copyOfferMessage('the inbox', url, false), /did not open the inbox\. Copy the URL/);
  });
});
