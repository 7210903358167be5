CongkhaiSearch.load("s:x",{"xa":[["xa3"],"AKBAKBASBEfB"],"xa_thu":[[],"HJ"]});
