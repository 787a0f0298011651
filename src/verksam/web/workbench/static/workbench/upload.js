// Upload progress for forms marked data-upload-progress: send with XMLHttpRequest (fetch cannot
// report upload progress), show the share sent, then follow the server's redirect.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-upload-progress")) return;
  const box = form.querySelector(".upload-progress");
  const bar = box && box.querySelector("progress");
  const text = box && box.querySelector(".upload-percent");
  if (!box || !bar || !window.XMLHttpRequest) return;
  event.preventDefault();
  const request = new XMLHttpRequest();
  request.open("POST", form.action || window.location.href);
  box.hidden = false;
  request.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    const percent = Math.round((100 * e.loaded) / e.total);
    bar.value = percent;
    text.textContent = percent + " %";
  });
  request.addEventListener("load", () => {
    if (request.responseURL && request.responseURL !== window.location.href) {
      window.location.assign(request.responseURL);
    } else {
      document.open();
      document.write(request.responseText);
      document.close();
    }
  });
  request.send(new FormData(form));
});
