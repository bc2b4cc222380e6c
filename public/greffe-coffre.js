// Greffe's browser vault: AES-GCM encryption of what offline hearings keep in localStorage.
// The key is a non-extractable WebCrypto key kept in IndexedDB: scripts can use it but never
// read it, and it is not stored next to the data. `wipe` removes the key and every
// `greffe.` entry (logout).
(function () {
  "use strict";
  var DB = "greffe-coffre", STORE = "cles", ID = "aes";

  function request(r) {
    return new Promise(function (resolve, reject) {
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }

  function openDb() {
    var r = indexedDB.open(DB, 1);
    r.onupgradeneeded = function () { r.result.createObjectStore(STORE); };
    return request(r);
  }

  var pending = null;
  function key() {
    if (!pending) {
      pending = openDb().then(function (db) {
        function done(k) { db.close(); return k; }
        return request(db.transaction(STORE).objectStore(STORE).get(ID)).then(function (k) {
          if (k) return k;
          return crypto.subtle
            .generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"])
            .then(function (fresh) {
              return request(db.transaction(STORE, "readwrite").objectStore(STORE).add(fresh, ID))
                .then(function () { return fresh; })
                // Another tab stored one first: use it.
                .catch(function () {
                  return request(db.transaction(STORE).objectStore(STORE).get(ID));
                });
            });
        }).then(done, function (e) { db.close(); throw e; });
      });
      pending.catch(function () { pending = null; });
    }
    return pending;
  }

  function toB64(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(s);
  }

  function fromB64(text) {
    var s = atob(text), out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  window.greffeCoffre = {
    // Text -> "v1." + base64(iv || ciphertext).
    seal: function (text) {
      return key().then(function (k) {
        var iv = crypto.getRandomValues(new Uint8Array(12));
        return crypto.subtle
          .encrypt({ name: "AES-GCM", iv: iv }, k, new TextEncoder().encode(text))
          .then(function (ct) {
            var all = new Uint8Array(12 + ct.byteLength);
            all.set(iv, 0);
            all.set(new Uint8Array(ct), 12);
            return "v1." + toB64(all);
          });
      });
    },
    // Inverse of seal; rejects on a wrong key or altered data.
    open: function (sealed) {
      if (typeof sealed !== "string" || sealed.indexOf("v1.") !== 0) {
        return Promise.reject(new Error("format inconnu"));
      }
      return key().then(function (k) {
        var all = fromB64(sealed.slice(3));
        return crypto.subtle
          .decrypt({ name: "AES-GCM", iv: all.subarray(0, 12) }, k, all.subarray(12))
          .then(function (pt) { return new TextDecoder().decode(pt); });
      });
    },
    wipe: function () {
      pending = null;
      Object.keys(localStorage)
        .filter(function (k) { return k.indexOf("greffe.") === 0; })
        .forEach(function (k) { localStorage.removeItem(k); });
      return new Promise(function (resolve) {
        var r = indexedDB.deleteDatabase(DB);
        r.onsuccess = r.onerror = r.onblocked = function () { resolve(); };
      });
    },
  };
})();
