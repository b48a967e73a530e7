-- Drives Neovim's own LSP client against `sourceline lsp`, as an author would: open a
-- chronology with a drifted quote, read the diagnostic, apply the quick fix, save. Written for
-- Neovim 0.7 (Debian 12's) and later: `vim.lsp.start_client` and `buf_attach_client`.
-- Everything it saw goes to $SOURCELINE_NVIM_OUT; it always quits, even on an error.
local out = os.getenv('SOURCELINE_NVIM_OUT')
local log = {}

local function finish(ok, message)
  table.insert(log, message)
  local f = io.open(out, 'w')
  f:write((ok and 'ok' or 'failed') .. '\n' .. table.concat(log, '\n') .. '\n')
  f:close()
  vim.cmd('qa!')
end

local function run()
  local file = os.getenv('SOURCELINE_FILE')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({
    name = 'sourceline',
    cmd = { os.getenv('SOURCELINE_BIN'), 'lsp' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  if not client then
    return finish(false, 'the server did not start')
  end
  vim.lsp.buf_attach_client(buf, client)
  if not vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
    return finish(false, 'no diagnostic came')
  end
  local d = vim.diagnostic.get(buf)[1]
  table.insert(log, string.format('diagnostic %d:%d-%d:%d %s', d.lnum, d.col, d.end_lnum, d.end_col,
    (d.message:gsub('\n.*', ''))))
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum, character = d.end_col },
    },
    context = { diagnostics = {} },
  }
  local answers = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 30000) or {}
  local action
  for _, answer in pairs(answers) do
    for _, a in ipairs(answer.result or {}) do
      action = action or a
    end
  end
  if not action then
    return finish(false, 'no code action')
  end
  table.insert(log, 'action ' .. action.title)
  vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
  if not vim.wait(30000, function() return #vim.diagnostic.get(buf) == 0 end, 20) then
    return finish(false, 'still a problem: ' .. vim.diagnostic.get(buf)[1].message)
  end
  vim.cmd('write')
  finish(true, 'clean')
end

local ok, err = pcall(run)
if not ok then
  finish(false, 'error: ' .. tostring(err))
end
