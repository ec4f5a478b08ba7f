-- wrk script: rotate realistic search-box traffic against marqueed.
--   wrk ... -s bench/search.lua http://HOST:PORT -- suggest   every prefix of a title or name, as typed
--   wrk ... -s bench/search.lua http://HOST:PORT -- search    whole titles and names, a third misspelled
-- Each wrk thread walks the same list from its own offset, so connections do not move in step.

local titles = {
  "toy story", "jumanji", "heat", "the usual suspects", "braveheart", "apollo 13",
  "star wars", "pulp fiction", "the shawshank redemption", "forrest gump", "the lion king",
  "jurassic park", "schindler's list", "fargo", "the silence of the lambs", "independence day",
  "the matrix", "fight club", "american beauty", "the sixth sense", "gladiator", "memento",
  "shrek", "amelie", "spider-man", "the lord of the rings", "finding nemo", "kill bill",
  "eternal sunshine of the spotless mind", "the incredibles", "batman begins", "the departed",
  "no country for old men", "wall-e", "the dark knight", "up", "inception", "toy story 3",
  "the social network", "interstellar", "whiplash", "mad max: fury road", "inside out",
  "la la land", "get out", "the godfather", "casablanca", "alien", "blade runner",
  "back to the future", "goodfellas", "the princess bride", "groundhog day", "die hard",
  -- people
  "christopher nolan", "steven spielberg", "quentin tarantino", "tom hanks", "leonardo dicaprio",
  "morgan freeman", "meryl streep", "martin scorsese", "brad pitt", "scarlett johansson",
}

local misspelled = {
  "the shawshenk redemption", "forest gump", "pulp fictoin", "the matirx", "jurasic park",
  "gladiater", "amelie", "interstelar", "incpetion", "the godfahter", "back to the futrue",
  "christopher nolen", "steven speilberg", "quentin tarantimo", "leonardo dicaprio",
  "spiderman", "spider man", "walle", "schindlers list", "the silense of the lambs",
}

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local paths = {}
local counter = 0

function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
end

function init(args)
  local mode = args[1] or "suggest"
  if mode == "suggest" then
    for _, title in ipairs(titles) do
      for len = 1, #title do
        local prefix = title:sub(1, len)
        if prefix:sub(-1) ~= " " then
          paths[#paths + 1] = "/api/v1/search/suggest?q=" .. encode(prefix)
        end
      end
    end
  elseif mode == "search" then
    for _, title in ipairs(titles) do
      paths[#paths + 1] = "/api/v1/search?q=" .. encode(title)
    end
    for _, title in ipairs(misspelled) do
      paths[#paths + 1] = "/api/v1/search?q=" .. encode(title)
    end
  else
    error("mode must be suggest or search, got " .. mode)
  end
  i = offset or 0
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
